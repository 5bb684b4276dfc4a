import type { ReadStream } from 'node:tty'
import type { Env } from './args.js'
import { openBrowser } from './browser.js'
import { AuthorizeError } from './errors.js'
import type { Output } from './log.js'

/**
 * Everything a command touches outside itself. The entry file passes the
 * real process; tests pass a fake and run commands in-process.
 */
export interface Terminal {
  readonly env: Env
  readonly stdout: Output
  readonly stderr: Output
  /**
   * Asks for a secret on the terminal without echoing it; `undefined` when
   * standard input is not a terminal, so there is no one to ask.
   */
  readSecret(question: string): Promise<string | undefined>
  /** Opens a URL in the browser; resolves to why it could not, if so. */
  openBrowser(url: string): Promise<string | undefined>
}

/** The real process: its environment, streams and terminal. */
export function processTerminal(): Terminal {
  const stderr = streamOutput(process.stderr)
  return {
    env: process.env,
    stdout: streamOutput(process.stdout),
    stderr,
    readSecret: question =>
      process.stdin.isTTY
        ? readHidden(question, process.stdin, stderr)
        : Promise.resolve(undefined),
    openBrowser: url => openBrowser(url, process.env)
  }
}

function streamOutput(stream: NodeJS.WriteStream): Output {
  // A reader that goes away early (`| head`) is not an error of ours.
  stream.on('error', () => undefined)
  return {
    write: data => void stream.write(data),
    isTTY: stream.isTTY === true,
    drained: () =>
      stream.writableNeedDrain
        ? new Promise(resolve => stream.once('drain', () => resolve()))
        : Promise.resolve()
  }
}

/** What reading a hidden line needs of a terminal's input. */
export type HiddenInput = Pick<
  ReadStream,
  'setRawMode' | 'setEncoding' | 'on' | 'off' | 'resume' | 'pause'
>

const ENTER = /[\r\n]/
const CTRL_C = '\u0003'
const CTRL_D = '\u0004'
const BACKSPACE = /[\b\u007f]/

/**
 * Reads one line from the terminal in raw mode, so nothing typed or pasted
 * is echoed. Ctrl-C cancels.
 */
export function readHidden(
  question: string,
  input: HiddenInput,
  output: Output
): Promise<string> {
  output.write(question)
  return new Promise((resolve, reject) => {
    let value = ''
    const finish = (answer: string | undefined) => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      output.write('\n')
      if (answer === undefined) reject(new AuthorizeError('Cancelled.'))
      else resolve(answer)
    }
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (ENTER.test(char)) return finish(value)
        if (char === CTRL_C || (char === CTRL_D && !value)) {
          return finish(undefined)
        }
        if (BACKSPACE.test(char)) value = value.slice(0, -1)
        else if (char >= ' ') value += char
      }
    }
    input.setEncoding('utf8')
    input.setRawMode(true)
    input.on('data', onData)
    input.resume()
  })
}
