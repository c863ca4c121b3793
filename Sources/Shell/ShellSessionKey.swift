/// True in a `ShellState` a `Shell` runs over (the interactive shell, stdin mode, batch mode):
/// commands given no FILE read the session (`trend`, `compare`, `guide`, `report`) only then —
/// a one-shot `slabhound trend` has no session and must be told what to read.
public enum ShellSessionKey: ShellStateKey {
    public static let defaultValue = false
}
