/// Who last changed one line, read from `git blame --porcelain` output:
/// ```
/// 3f2a…9c 28 28 1
/// author Jane Doe
/// author-mail <jane@example.com>
/// author-time 1700000000
/// author-tz +0000
/// …
/// summary md: allocate the luma plane
/// filename user/md.c
/// \t…the line…
/// ```
public struct GitBlameLine: Sendable, Equatable, Encodable {
    public var commit: String
    public var author: String?
    public var authorMail: String?
    /// Seconds since the epoch.
    public var authorTime: Int64?
    public var summary: String?
    /// The line's text as committed.
    public var text: String?

    enum CodingKeys: String, CodingKey {
        case commit, author, summary, text
        case authorMail = "author_mail", authorTime = "author_time"
    }

    public init(commit: String, author: String? = nil, authorMail: String? = nil, authorTime: Int64? = nil,
                summary: String? = nil, text: String? = nil) {
        self.commit = commit
        self.author = author
        self.authorMail = authorMail
        self.authorTime = authorTime
        self.summary = summary
        self.text = text
    }

    /// The first line's blame in porcelain output; nil when the output is not porcelain.
    public static func parse(porcelain: String) -> GitBlameLine? {
        let lines = porcelain.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first else { return nil }
        let head = first.split(separator: " ")
        guard let sha = head.first, sha.count >= 40, sha.allSatisfy(\.isHexDigit) else { return nil }
        var blame = GitBlameLine(commit: String(sha))
        for line in lines.dropFirst() {
            if line.hasPrefix("\t") { blame.text = String(line.dropFirst()); break }
            guard let space = line.firstIndex(of: " ") else { continue }
            let key = line[..<space], value = String(line[line.index(after: space)...])
            switch key {
            case "author": blame.author = value
            case "author-mail": blame.authorMail = value
            case "author-time": blame.authorTime = Int64(value)
            case "summary": blame.summary = value
            default: break
            }
        }
        return blame
    }

    /// An uncommitted line (`git blame` of the work tree) has the all-zero commit.
    public var isCommitted: Bool { !commit.allSatisfy { $0 == "0" } }

    /// `3f2a9c1d Jane Doe 2023-11-14: md: allocate the luma plane`.
    public func text(date: String?) -> String {
        let who = [author, date].compactMap { $0 }.joined(separator: " ")
        return "last changed by \(String(commit.prefix(10))) \(who)" + (summary.map { ": \($0)" } ?? "")
    }
}
