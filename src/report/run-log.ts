import { logText } from '../text/inert-text.ts'
import type { ActionIO } from '../runtime/io.ts'
import type { Logger } from '../steps/context.ts'

export interface RunLog extends Logger {
  /** The error annotation that fails the run: what went wrong, then on a line of its own what to do. */
  failed(message: string, fix: string | undefined): void
}

/**
 * Everything a run prints goes through here, whoever wrote it (the operations, the API clients'
 * debug and retry lines, main itself): secrets taken out first (`redact`), then the text made
 * inert for the runner (docs/promises.md, Promise 8), since most messages quote a server's words.
 */
export function createRunLog(io: ActionIO, redact: (text: string) => string): RunLog {
  const clean = (text: string) => logText(redact(text))
  return {
    info: message => io.info(clean(message)),
    debug: message => io.debug(clean(message)),
    warning: message => io.warning(clean(message)),
    group: (name, work) => io.group(clean(name), work),
    failed: (message, fix) => io.setFailed(fix ? `${clean(message)}\nWhat to do: ${clean(fix)}` : clean(message)),
  }
}
