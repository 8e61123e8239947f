import { readApproverCode } from '../../core/serving/approver-file';
import { readLiveServer } from '../../core/serving/server-file';
import { chosenRemoteEngine, remoteEngineChosen } from './remote-engine';

/** The longest approver code a person may paste; anything longer is not one. */
const MAX_CODE_CHARS = 200;

/** Reads one line from the terminal without echoing it (the approver code must not show on screen or in scrollback). */
function readHiddenLine(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { stdin, stderr } = process;
    let typed = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(typed.trim());
    };
    const onData = (chunk: Buffer): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\u0003') return finish(new Error('cancelled'));
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (typed.length < MAX_CODE_CHARS) typed += char;
      }
    };
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/**
 * Makes sure this process has the approver code before it answers an approval on a server: from
 * `AUTOLOOP_APPROVER_CODE`, else the server's `approver.json`, else asked for without echo when
 * stdin is a terminal (a folder served from elsewhere, or a file removed by hand). Without a
 * terminal, the server's refusal says what to do.
 */
export async function ensureApproverCode(dataDir: string): Promise<void> {
  if ((process.env.AUTOLOOP_APPROVER_CODE ?? '') !== '' || process.stdin.isTTY !== true) return;
  if (remoteEngineChosen()) {
    if (chosenRemoteEngine(dataDir)?.approverCode !== undefined) return;
  } else {
    const server = readLiveServer(dataDir);
    if (server === null || readApproverCode(dataDir, server.pid) !== null) return;
  }
  const code = await readHiddenLine('Approver code (printed where Autoloop was started; not shown as you type): ');
  if (code !== '') process.env.AUTOLOOP_APPROVER_CODE = code;
}
