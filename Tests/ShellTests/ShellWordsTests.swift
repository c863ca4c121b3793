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

    /// A quote, backslash or blank followed by a combining mark (U+0301) is still a quote,
    /// backslash or blank: Swift fuses them into one Character, the shell's syntax does not.
    @Test func combiningMarksDoNotHideQuotes() {
        #expect(ShellWords.split("x '\u{301}'") == ["x", "\u{301}"])
        #expect(ShellWords.split("x \"\u{301}a b\"") == ["x", "\u{301}a b"])
        #expect(ShellWords.split("a\\\u{301}b") == ["a\u{301}b"])
        #expect(ShellWords.split("a \u{301}b") == ["a", "\u{301}b"])
        #expect(ShellWords.split("load '/tmp/caf\u{E9} dir'/e\u{301}") == ["load", "/tmp/caf\u{E9} dir/e\u{301}"])
        // A Prepend character before a quote fuses the other way.
        #expect(ShellWords.split("\u{600}'a b'") == ["\u{600}a b"])
    }

    @Test(arguments: ["\u{301}", "'\u{301}", "a'\u{301}b", "\\\u{301}", "\"\u{301}", "e\u{301}", "\u{1F600} x",
                      "x\u{200D}'y", "\u{600}'", "\u{2028}", "tab\tand\nnewline", "\u{0}nul"])
    func quoteRoundTripsWithCombiningAndOddScalars(word: String) {
        #expect(ShellWords.split("cmd " + ShellWords.quote(word)) == ["cmd", word])
    }

    /// Non-ASCII letters stay unquoted (completion shows them as typed); anything that could be
    /// shell syntax or invisible is quoted.
    @Test func quoteLeavesPlainWordsAlone() {
        #expect(ShellWords.quote("caf\u{E9}/e\u{301}.so") == "caf\u{E9}/e\u{301}.so")
        #expect(ShellWords.quote("a b") == "'a b'")
        #expect(ShellWords.quote("\u{2028}") == "'\u{2028}'")
        #expect(ShellWords.quote("'\u{301}") == "''\\''\u{301}'")
    }
}
