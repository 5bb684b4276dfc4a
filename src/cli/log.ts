import type { Log } from '../log.js'

/** Where a line of text goes: one of the process's output streams. */
export interface Output {
  write(data: string | Uint8Array): void
  readonly isTTY: boolean
  /** Resolves once what was written has drained (a slow pipe). */
  drained?(): Promise<void>
}

/** Which lines the person asked to see, besides warnings and errors. */
export interface LogLevel {
  /** Progress lines (`info`): by default only when stderr is a terminal. */
  status: boolean
  /** Request details (`debug`), with credentials redacted: `--verbose`. */
  debug: boolean
}

const REDACTED = '***'

/**
 * The command-line tool's log: every line goes to standard error, and every
 * line is scanned for the secrets registered with `mask()` first, so that no
 * secret can be printed by accident. Standard output is left to the one
 * thing a command was asked for.
 */
export class TerminalLog implements Log {
  private secrets: string[] = []

  constructor(
    private readonly stderr: Output,
    readonly level: LogLevel
  ) {}

  debug(message: string): void {
    if (this.level.debug) this.line(`debug: ${message}`)
  }

  info(message: string): void {
    if (this.level.status) this.line(message)
  }

  warning(message: string): void {
    this.line(`warning: ${message}`)
  }

  error(message: string): void {
    this.line(`spotify-ads: ${message}`)
  }

  /** A line the person needs whatever the level: a URL to open, a result. */
  say(message: string): void {
    this.line(message)
  }

  mask(secret: string): void {
    const forms = [secret, encodeURIComponent(secret)]
    for (const form of forms) {
      if (form.trim() && !this.secrets.includes(form)) this.secrets.push(form)
    }
    // The longest first, so that a secret holding another is hidden whole.
    this.secrets.sort((a, b) => b.length - a.length)
  }

  /** The text with every registered secret replaced by `***`. */
  redact(text: string): string {
    let redacted = text
    for (const secret of this.secrets) {
      redacted = redacted.split(secret).join(REDACTED)
    }
    return redacted
  }

  private line(text: string): void {
    this.stderr.write(`${this.redact(text)}\n`)
  }
}
