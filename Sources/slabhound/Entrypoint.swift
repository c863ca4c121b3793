import SlabhoundCLI

// Thin entry point: everything lives in SlabhoundCLI so the shell and tests share it.
@main
struct Entrypoint {
    static func main() async {
        await SlabhoundCommand.main()
    }
}
