/** What `autoloop help` prints (DESIGN §11). Every command also takes --data-dir DIR (default $AUTOLOOP_HOME, else ~/.autoloop). */
export const USAGE = `Usage: autoloop <command> [options]   (every command takes --data-dir DIR)

Serve:
  autoloop serve [--host 127.0.0.1] [--port 4317] [--open] [--resume-shutdown] [--rotate-token] [--move-damaged-db]
                 [--tls-cert FILE --tls-key FILE] [--public-url https://HOST] [--trusted-proxy IP]… [--spare-runner]
  autoloop tokens create <name> [--read-only] | ls | revoke <name>   (tokens for other machines; shown once)

Another machine's engine (every command takes --engine NAME|URL, or AUTOLOOP_ENGINE and AUTOLOOP_TOKEN):
  autoloop engines add <name> <https://HOST:PORT> [--ca FILE] [--no-check]   (the token from AUTOLOOP_TOKEN or stdin)
  autoloop engines ls | remove <name>
  A self-signed engine is trusted through NODE_EXTRA_CA_CERTS or --ca FILE; verification is never turned off.

Notifiers (the engine calls for attention itself; links in them open /act/ pages that confirm before acting):
  autoloop notifiers add <name> (--webhook URL --secret-env VAR | --ntfy TOPIC-URL)
                     [--events approval_requested,budget_pause,run_failed,schedule_watchdog]
  autoloop notifiers ls | remove <name>

Run:
  autoloop run <template> [--name N] [--param k=v ...] [--workdir DIR] [--model provider/id]
               [--interval DUR] [--max-iterations N] [--max-tokens N] [--max-cost USD]
               [--max-duration DUR] [--profile read-only|ask|workspace-write|trusted]
               [--approval-timeout DUR] [--on-approval-timeout deny|pause|stop]
               [--allow-net HOST ...] [--pass-env VAR ...] [--mcp SERVER ...] [--isolation worktree|none]
               [--notify NOTIFIER ... | --no-notify]
               [--base REF] [--with-uncommitted] [--verify CMD ...]
               [--max-verify-failures N] [--verify-every complete|iteration] [--agent autoloop|claude-code|codex]
               [--context carry|summaries|fresh] [--detach] [--json]

Watch and control (a run is named by its id, its name or the start of its id):
  autoloop ls [--all] [--json]
  autoloop show <run> [--json]
  autoloop logs <run> [-f] [--json]
  autoloop stop <run> [--after-iteration] | --all
  autoloop pause <run>
  autoloop say <run> <text>   (guidance: the agent reads it at the start of its next iteration)
  autoloop start-now <run> | dequeue <run>   (a run queued by the concurrency cap: start it anyway, or take it out)
  autoloop schedule add <template> --cron "EXPR" [--name N] [--tz ZONE] [--catch-up none|latest|all]
                    [--overlap skip|queue|replace] [--max-cost-per-day USD] [--watchdog-periods N] [--paused] [run flags]
  autoloop schedule ls [--json] | show <schedule> [--json] | pause|resume|rm|run-now <schedule>
  autoloop schedule edit <schedule> [--name N] [--template T] [--param k=v]… [--cron "EXPR"] [--tz ZONE] [--overlap …] [--max-cost-per-day USD|none]
                    [--mcp NAME]… [--notify NAME… | --no-notify] [--agent A] [--base REF] [--with-uncommitted | --no-with-uncommitted]
  autoloop resume <run> [--max-cost USD] [--max-tokens N] [--max-iterations N] [--max-duration DUR]
                 [--confirm-import [--profile P] [--workdir DIR] [--model M]]   (an imported run)
  autoloop approvals [--all] [--json]   (--all: answered ones too, with who answered: user, link, policy, timeout, system)
  autoloop approve <id> [--for-run]
  autoloop deny <id> [--reason TEXT]
  autoloop diff <run> [--iteration N] [--stat] [--json]
  autoloop merge <run> [--strategy squash|merge|rebase] [--into BRANCH] [--keep-branch] [--check]
  autoloop discard <run> [--keep-branch]
  autoloop export <run> [-o FILE]
  autoloop import <FILE>
  autoloop templates [ls] [--json] | show <name> | lint <name|FILE> | new <name> [--from T]
  autoloop templates import <FILE> [--name N] | export <name> [-o FILE]
  autoloop providers [ls] | add <name> --type anthropic|openai|openai-compatible [--base-url URL]
                     [--api-key-env VAR] | test <name> [--model ID] | remove <name>
  autoloop mcp [ls] | add <name> --command "CMD ARGS" [--env K=V ...] | --url URL [--header K=V ...]
               [--timeout SECONDS] | edit <name> [same options] [--unset NAME ...]
               | enable <name> | disable <name> | test <name> | remove <name>

Agents: --agent claude-code lets Claude Code take each iteration's turn (its own claude and login, or
the key of an anthropic provider given with --model), --agent codex lets Codex take it (its own codex and
login, or the key of an openai provider); Autoloop keeps the loop, limits, approvals and log.
  autoloop agents [ls] [--json] | test <agent>   (what was found: path, version, signed in or not)
  autoloop agents set-path <claude-code|codex> <PATH> | --clear   (the binary runs start, instead of PATH's)
Sandbox: every command a run starts runs in an OS sandbox (bubblewrap on Linux, sandbox-exec on
macOS) with no network; --allow-net api.github.com lets it reach that host through a filtering
proxy, --pass-env VAR lets a variable through (SSH_AUTH_SOCK, AUTOLOOP_* only this way); the
trusted profile runs without a sandbox.
Worktrees: a run in a git repository works in its own worktree (<data dir>/worktrees/<run id>) on
the branch autoloop/<name>-<id>, one commit per iteration; diff reviews it (pipe it into git apply),
merge brings it back after a dry run (refused on a conflict or a dirty folder), discard drops it.
--isolation none works in the folder itself; --base REF starts from another branch.
Verify: each --verify CMD must pass (exit 0, in the working folder, sandboxed like the agent's
bash) before the agent's complete ends the run; a failure goes back to the agent, and after
--max-verify-failures (3) in a row the run ends verify_failed (exit code 3).
Context: carry (default) keeps one conversation across iterations, compacted when long; summaries
starts each iteration anew with the earlier iterations' summaries; fresh starts each with only the
program and the iteration's prompt (the agent's memory is its files). A template's context: sets it.
Durations: 90s, 15m, 2h. Money: 5 or $5. With a server running for the data folder, commands
talk to it; without one, ls, show, logs, approvals, export, import and stop (of a paused run)
work on the database, and run starts the run in the foreground.
Exit codes of run: 0 completed, 1 could not be done (git missing, a server unreachable), 2 invalid input,
3 stopped by a rule, 4 crash, 130 Ctrl-C.
`;
