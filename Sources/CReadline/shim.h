// GNU readline for Swift. Swift 6 rejects readline's mutable C globals, so every global the
// line editor needs is reached through a static inline accessor declared here.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
