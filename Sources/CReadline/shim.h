// GNU readline for Swift. Swift 6 rejects readline's mutable C globals, so every global the
// line editor needs is reached through a static inline accessor declared here. Only the
// LineEditing module imports this; keep every C global it touches in this one file.
#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

// Identity and environment: the name selects `$if slabhound` blocks in ~/.inputrc; readline
// must not export LINES/COLUMNS into our environment (children such as gdb would inherit them).
static inline void slabhound_rl_set_name(const char *name) { rl_readline_name = name; }
static inline void slabhound_rl_set_change_environment(int on) { rl_change_environment = on; }

// Signals: the shell owns SIGINT (it cancels commands and clears the prompt itself), so readline
// must not install its own handlers.
static inline void slabhound_rl_set_catch_signals(int on) { rl_catch_signals = on; }
static inline void slabhound_rl_set_catch_sigwinch(int on) { rl_catch_sigwinch = on; }

// Streams: readline reads the process's stdin and draws on its stdout (C's `stdin`/`stdout`
// are globals too, hence these wrappers).
static inline void slabhound_rl_use_stdio(void) { rl_instream = stdin; rl_outstream = stdout; }
static inline void slabhound_stdout_write(const char *text) { fputs(text, stdout); fflush(stdout); }

// Line state.
static inline const char *slabhound_rl_line_buffer(void) { return rl_line_buffer; }
static inline int slabhound_rl_point(void) { return rl_point; }
static inline int slabhound_rl_end(void) { return rl_end; }
static inline void slabhound_rl_set_done(int done) { rl_done = done; }

// Completion.
static inline void slabhound_rl_set_attempted_completion_function(rl_completion_func_t *f) {
    rl_attempted_completion_function = f;
}
static inline void slabhound_rl_set_attempted_completion_over(int on) { rl_attempted_completion_over = on; }
static inline void slabhound_rl_set_completion_suppress_append(int on) { rl_completion_suppress_append = on; }
static inline void slabhound_rl_set_completer_word_break_characters(const char *chars) {
    rl_completer_word_break_characters = chars;
}
static inline void slabhound_rl_set_filename_completion_desired(int on) { rl_filename_completion_desired = on; }
static inline char *slabhound_rl_filename_completion(const char *text, int state) {
    return rl_filename_completion_function(text, state);
}

// History.
static inline int slabhound_history_length(void) { return history_length; }
static inline int slabhound_history_base(void) { return history_base; }
static inline const char *slabhound_history_line(int offset) {
    HIST_ENTRY *e = history_get(history_base + offset);
    return e ? e->line : NULL;
}
