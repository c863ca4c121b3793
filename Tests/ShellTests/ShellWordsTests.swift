import Testing
@testable import Shell

@Suite struct ShellWordsTests {
    @Test func splitsOnBlanksAndHonoursQuotes() {
        #expect(ShellWords.split("trend  log.txt\t--json") == ["trend", "log.txt", "--json"])
        #expect(ShellWords.split(#"set source-map '/build dir' "/home/me/src dir""#) == ["set", "source-map", "/build dir", "/home/me/src dir"])
        #expect(ShellWords.split(#"source my\ file.cmds"#) == ["source", "my file.cmds"])
        #expect(ShellWords.split(#"x "a \"quoted\" word""#) == ["x", #"a "quoted" word"#])
        #expect(ShellWords.split("x ''") == ["x", ""])
        #expect(ShellWords.split("   ") == [])
    }

    @Test func unterminatedQuoteRunsToEnd() {
        #expect(ShellWords.split("echo 'no end") == ["echo", "no end"])
    }

    @Test(arguments: ["plain", "with space", "it's", "", "$HOME", "a\"b"])
    func quoteRoundTrips(word: String) {
        #expect(ShellWords.split("cmd " + ShellWords.quote(word)) == ["cmd", word])
    }
}
