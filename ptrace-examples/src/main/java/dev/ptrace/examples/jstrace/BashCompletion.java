package dev.ptrace.examples.jstrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * jstrace's bash completion, rendered from the option tables its command line is read with ({@link StraceGetopt}):
 * option names (short and long), a file after {@code -o}, a pid after {@code -p}, a command name for PROG and,
 * after it, whatever completes that command's own arguments ({@code _command_offset} of the bash-completion
 * package, else file names). Options are skipped as getopt reads them, a value-taking letter in a cluster
 * ({@code -fo FILE}) included. The build writes it into the archives (see {@link InstallFiles}).
 */
final class BashCompletion {

    private BashCompletion() {
    }

    /** {@return the completion script} */
    static String render() {
        List<String> words = new ArrayList<>();
        List<String> valued = new ArrayList<>();
        for (char c : (StraceGetopt.SHORT_FLAGS + StraceGetopt.SHORT_WITH_VALUE).toCharArray()) {
            words.add("-" + c);
        }
        for (char c : StraceGetopt.SHORT_WITH_VALUE.toCharArray()) {
            valued.add("-" + c);
        }
        for (Map.Entry<String, StraceGetopt.Arg> option : StraceGetopt.longOptions().entrySet()) {
            words.add("--" + option.getKey());
            if (option.getValue() == StraceGetopt.Arg.REQUIRED) {
                valued.add("--" + option.getKey());
            }
        }
        return String.join("\n",
                "# bash completion for jstrace(1), generated from jstrace's option tables by the build",
                "_jstrace() {",
                "    local cur=${COMP_WORDS[COMP_CWORD]} i=1 w letters valuefor=",
                "    while [ $i -lt $COMP_CWORD ]; do",
                "        w=${COMP_WORDS[i]}",
                "        case $w in",
                "            --) i=$((i + 1)); break ;;",
                "            --*=*) ;;",
                "            " + String.join("|", valued.stream().filter(v -> v.startsWith("--")).toList())
                        + ")",
                "                i=$((i + 1)); [ $i -eq $COMP_CWORD ] && valuefor=$w ;;",
                "            -?*)",
                "                letters=${w#-}",
                "                while [ -n \"$letters\" ] && [[ '" + StraceGetopt.SHORT_FLAGS
                        + "' == *\"${letters:0:1}\"* ]]; do",
                "                    letters=${letters:1}",
                "                done",
                "                if [ ${#letters} -eq 1 ]; then",
                "                    i=$((i + 1)); [ $i -eq $COMP_CWORD ] && valuefor=-$letters",
                "                fi ;;",
                "            *) break ;;",
                "        esac",
                "        i=$((i + 1))",
                "    done",
                "    if [ $i -lt $COMP_CWORD ]; then",
                "        if declare -F _command_offset >/dev/null; then",
                "            _command_offset $i",
                "        else",
                "            COMPREPLY=($(compgen -f -- \"$cur\"))",
                "        fi",
                "        return",
                "    fi",
                "    case $valuefor in",
                "        -o|--output) COMPREPLY=($(compgen -f -- \"$cur\")) ;;",
                "        -p|--attach) COMPREPLY=($(cd /proc 2>/dev/null && compgen -W \"$(echo [0-9]*)\" -- \"$cur\")) ;;",
                "        ?*) COMPREPLY=() ;;",
                "        *)",
                "            case $cur in",
                "                -*) COMPREPLY=($(compgen -W '" + String.join(" ", words) + "' -- \"$cur\")) ;;",
                "                *) COMPREPLY=($(compgen -c -- \"$cur\")) ;;",
                "            esac ;;",
                "    esac",
                "}",
                "complete -o default -F _jstrace jstrace",
                "");
    }
}
