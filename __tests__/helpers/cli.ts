/**
 * Runs the bundled command-line tool, `dist/cli/index.js`, in a child
 * process, and plays the person's browser against the fake Spotify.
 *
 * Note: children are spawned asynchronously. The fake Spotify runs in the
 * test's own process, and a synchronous spawn would block the event loop
 * that must answer the child's requests.
 */
import { expect } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { ROOT, type Runtime } from '../../fake/runner.js'

export const CLI_BUNDLE = join(ROOT, 'dist/cli/index.js')

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** A running `spotify-ads`, whose output can be waited for. */
export class CliProcess {
  stdout = ''
  stderr = ''
  readonly exited: Promise<CliRun>
  private readonly listeners = new Set<() => void>()
  private done = false

  constructor(runtime: Runtime, args: string[], env: Record<string, string>) {
    if (!existsSync(CLI_BUNDLE)) {
      throw new Error(`${CLI_BUNDLE} is missing: run \`npm run build\` first`)
    }
    const child = spawn(runtime.path, [CLI_BUNDLE, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child.stdout.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString()
      this.notify()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString()
      this.notify()
    })
    this.exited = new Promise((resolve, reject) => {
      child.on('error', reject)
      child.on('close', code => {
        this.done = true
        this.notify()
        resolve({ code, stdout: this.stdout, stderr: this.stderr })
      })
    })
  }

  /** The first match of `pattern` in stderr, as soon as it is printed. */
  waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check)
        reject(
          new Error(`No ${pattern} within ${timeoutMs} ms:\n${this.stderr}`)
        )
      }, timeoutMs)
      const check = () => {
        const match = pattern.exec(this.stderr)
        if (!match && !this.done) return
        clearTimeout(timer)
        this.listeners.delete(check)
        if (match) resolve(match)
        else reject(new Error(`Exited before ${pattern}:\n${this.stderr}`))
      }
      this.listeners.add(check)
      check()
    })
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener()
  }
}

/** The environment of a run: nothing inherited but PATH, unless given. */
export function cliEnv(
  home: string,
  env: Record<string, string> = {}
): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env }
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

/** The authorize URL the command printed for the person to open. */
export const AUTHORIZE_URL = /^ {2}(http:\/\/\S+\/authorize\?\S+)$/m

/**
 * Plays the person on Spotify's consent page: opens the authorize URL and
 * returns where Spotify sends the browser next (the callback, with code
 * and state, or error).
 */
export async function consent(authorizeUrl: string): Promise<URL> {
  const answer = await fetch(authorizeUrl, { redirect: 'manual' })
  expect(answer.status).toBe(302)
  return new URL(answer.headers.get('location') ?? '')
}

/** Follows the redirect to the command's callback server. */
export async function openCallback(
  callback: URL
): Promise<{ status: number; text: string }> {
  const answer = await fetch(callback, { redirect: 'manual' })
  return { status: answer.status, text: await answer.text() }
}

/** Kept here too for the tests that import it with the other CLI helpers. */
export { expectOnlySecret } from './secrets.js'
