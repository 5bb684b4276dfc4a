import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { FileError, messageOf } from './errors.js'

/** What a file can be written from: bytes, text, or chunks as they arrive. */
export type FileContent =
  string | Uint8Array | AsyncIterable<string | Uint8Array>

/**
 * Replaces a file whole or not at all: the content goes to a temporary file
 * in the same folder, which is then renamed over the target. A reader never
 * sees half a file, and a failure leaves the old file as it was and no
 * temporary file behind.
 */
export async function writeFileAtomic(
  path: string,
  content: FileContent
): Promise<void> {
  const folder = dirname(path)
  const temporary = join(
    folder,
    `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`
  )
  try {
    await mkdir(folder, { recursive: true })
    await writeFile(temporary, guard(content))
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined)
    if (error instanceof ContentFailure) throw error.cause
    throw new FileError(`Failed to write '${path}': ${messageOf(error)}`)
  }
}

/** An error thrown by the content itself, not by the file system. */
class ContentFailure extends Error {
  override readonly name = 'ContentFailure'
  constructor(override readonly cause: unknown) {
    super('the content could not be produced')
  }
}

/**
 * Marks errors that come from producing the content (a page that could not
 * be fetched), so they reach the caller as they are, not as a file error.
 */
function guard(content: FileContent): FileContent {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    return content
  }
  return (async function* () {
    try {
      yield* content
    } catch (error) {
      throw new ContentFailure(error)
    }
  })()
}

/**
 * A path unique to this step: `GITHUB_ACTION` names the step within its job,
 * and a random suffix keeps two runs of one step apart.
 */
export function defaultResponseFile(env: NodeJS.ProcessEnv): string {
  const folder = join(env.RUNNER_TEMP || tmpdir(), 'spotify-ads')
  const step = (env.GITHUB_ACTION || 'response').replace(/[^\w.-]+/g, '_')
  return join(folder, `${step}-${randomBytes(4).toString('hex')}.json`)
}
