#!/bin/sh
# A scripted fake gdb for GdbSession's fault tests. It speaks just enough GDB/MI:
# a start-up notification and prompt, then one answer per command, chosen by the operation:
#   -fake-hang        never answers (SIGINT is ignored, so only SIGKILL ends it)
#   -fake-die         prints some output, then kills itself with SIGKILL mid-command
#   -fake-exit-3      exits with status 3 mid-command, after a line on stderr
#   -fake-garbage     prints non-MI lines (and bytes) before answering ^done
#   -fake-split       console output split over records, a log record, then ^done
#   -fake-set VALUE   remembers VALUE (lost when the process dies)
#   -fake-get         ^done,value="VALUE"
#   -fake-count       ^done,count="N": commands received by this process, this one included
#   -fake-pid         ^done,pid="PID"
#   -gdb-exit         ^exit and exit
#   anything else     ^done
# Options (after gdb's locked-down ones): --fake-silent-start (never prompts),
# --fake-no-mi3 (refuses -i=mi3 like an old gdb, accepts -i=mi2).
trap '' INT
silent=0
for arg in "$@"; do
    case "$arg" in
        --fake-silent-start) silent=1 ;;
        --fake-no-mi3) no_mi3=1 ;;
    esac
done
if [ "${no_mi3:-0}" = 1 ]; then
    for arg in "$@"; do
        if [ "$arg" = "-i=mi3" ]; then
            echo "Interpreter \`mi3' unrecognized" >&2
            exit 1
        fi
    done
fi
if [ "$silent" = 1 ]; then
    exec sleep 1000
fi
echo '=thread-group-added,id="i1"'
echo '(gdb) '
count=0
value=""
while IFS= read -r line; do
    count=$((count + 1))
    token=${line%%[!0-9]*}
    rest=${line#"$token"}
    op=${rest%% *}
    arg=${rest#"$op"}
    arg=${arg# }
    case "$op" in
        -fake-hang) sleep 1000 ;;
        -fake-die) printf '%s\n' '~"working on it\n"'; kill -9 $$ ;;
        -fake-exit-3) echo "fake: fatal error, exiting" >&2; exit 3 ;;
        -fake-garbage)
            echo 'this is not MI at all'
            printf '^done,x="unterminated\n'
            printf '\001\377\376 binary\n'
            echo "${token}^done,after=\"garbage\""
            ;;
        -fake-split)
            # printf '%s\n' so dash's echo does not turn \n into a newline.
            printf '%s\n' '~"first half of a li"' '~"ne\nsecond line\n"' '&"a log message\n"' \
                '=unasked-notification,x="1"'
            echo "${token}^done"
            ;;
        -fake-set) value=$arg; echo "${token}^done" ;;
        -fake-get) echo "${token}^done,value=\"${value}\"" ;;
        -fake-count) echo "${token}^done,count=\"${count}\"" ;;
        -fake-pid) echo "${token}^done,pid=\"$$\"" ;;
        -gdb-exit) echo "${token}^exit"; exit 0 ;;
        *) echo "${token}^done" ;;
    esac
    echo '(gdb) '
done
