import type { TerminalLog } from './log.js'
import type { Terminal } from './terminal.js'

/** What every command runs with. */
export interface CommandContext {
  terminal: Terminal
  log: TerminalLog
}
