/**
 * Stores the refresh token as an Actions secret with the GitHub CLI. The
 * value goes to `gh` on standard input, never as an argument, so it cannot
 * show up in a process list or in shell history.
 */
import { spawn } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { shorten } from '../api.js'
import type { Env } from './args.js'
import { SecretError, UsageError } from './errors.js'

export const SECRET_NAME = 'SPOTIFY_REFRESH_TOKEN'

/** OWNER/NAME, or HOST/OWNER/NAME for GitHub Enterprise; no leading `-`. */
const REPOSITORY = /^(?:[\w.][\w.-]*\/){1,2}[\w.][\w.-]*$/

/** Checks a `--set-secret` repository before anything else happens. */
export function parseRepository(value: string): string {
  const repository = value.trim()
  if (!REPOSITORY.test(repository)) {
    throw new UsageError(
      `--set-secret takes a repository as OWNER/NAME (or HOST/OWNER/NAME); got '${value}'`
    )
  }
  return repository
}

/** The full path of a command on PATH, as a shell would find it. */
export function findOnPath(
  command: string,
  env: Env,
  platform: NodeJS.Platform = process.platform
): string | undefined {
  const folders = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean)
  const extensions =
    platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD').split(';') : ['']
  for (const folder of folders) {
    for (const extension of extensions) {
      const candidate = join(folder, `${command}${extension}`)
      if (isExecutableFile(candidate)) return candidate
    }
  }
  return undefined
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * Runs `gh secret set SPOTIFY_REFRESH_TOKEN [--repo REPO]` with the value
 * on standard input.
 *
 * @returns what gh said, to show the person
 */
export function setRepositorySecret(
  gh: string,
  value: string,
  repository: string | undefined,
  env: Env
): Promise<string> {
  const args = ['secret', 'set', SECRET_NAME]
  if (repository) args.push('--repo', repository)
  return new Promise((resolve, reject) => {
    const child = spawn(gh, args, { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let said = ''
    const collect = (chunk: Buffer) => (said += chunk.toString('utf8'))
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.once('error', error =>
      reject(new SecretError(`Could not run ${gh}: ${error.message}`))
    )
    child.once('close', code => {
      if (code === 0) {
        resolve(shorten(said))
        return
      }
      const detail = said.trim() ? `: ${shorten(said)}` : ''
      reject(
        new SecretError(
          `gh secret set ${SECRET_NAME} failed (exit ${code})${detail}`
        )
      )
    })
    // gh may exit before it reads; its exit code says why.
    child.stdin.on('error', () => undefined)
    child.stdin.end(value)
  })
}
