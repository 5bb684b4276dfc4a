import { spawn } from 'node:child_process'
import type { Env } from './args.js'

/** How long an opener may take to fail before we take it as done. */
const OPENER_GRACE_MS = 2000

/**
 * Opens a URL with the platform's opener: `open` on macOS, `start` on
 * Windows, `xdg-open` elsewhere. Never throws: a machine without a browser
 * (a server over SSH) is normal, and the URL is printed anyway.
 *
 * @returns why the browser could not be opened, or undefined
 */
export function openBrowser(
  url: string,
  env: Env,
  platform: NodeJS.Platform = process.platform
): Promise<string | undefined> {
  const [command, args] = openerFor(url, platform)
  return new Promise(resolve => {
    const child = spawn(command, args, {
      env,
      stdio: 'ignore',
      detached: platform !== 'win32',
      windowsVerbatimArguments: platform === 'win32'
    })
    const timer = setTimeout(() => {
      child.unref()
      resolve(undefined)
    }, OPENER_GRACE_MS)
    timer.unref()
    child.once('error', error => {
      clearTimeout(timer)
      resolve(`${command} failed: ${error.message}`)
    })
    child.once('exit', code => {
      clearTimeout(timer)
      resolve(code === 0 ? undefined : `${command} exited with ${code}`)
    })
  })
}

function openerFor(url: string, platform: NodeJS.Platform): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]]
  if (platform === 'win32') {
    // Note: cmd reads `&` as a command separator even in a URL; `^` escapes it.
    return ['cmd', ['/c', 'start', '""', url.replace(/[&^]/g, '^$&')]]
  }
  return ['xdg-open', [url]]
}
