import { randomBytes } from 'node:crypto'
import {
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { FileError } from '../src/errors.js'
import { defaultResponseFile, writeFileAtomic } from '../src/response-file.js'

let folder: string
let target: string

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'response-file-test-'))
  target = join(folder, 'response.json')
})

afterEach(async () => {
  await rm(folder, { recursive: true, force: true })
})

async function failure(promise: Promise<unknown>): Promise<FileError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof FileError) return error
    throw error
  }
  throw new Error('writeFileAtomic did not fail')
}

async function* chunks(
  ...parts: Array<string | Uint8Array | Error>
): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) {
    await new Promise(resolve => setImmediate(resolve))
    if (part instanceof Error) throw part
    yield part
  }
}

describe('writeFileAtomic', () => {
  it('writes the whole content', async () => {
    const content = randomBytes(3 * 1024 * 1024)

    await writeFileAtomic(target, content)

    expect((await readFile(target)).equals(content)).toBe(true)
    expect(await readdir(folder)).toEqual(['response.json'])
  })

  it('writes text as UTF-8', async () => {
    await writeFileAtomic(target, '{"name":"Kampagne Ü"}')

    expect(await readFile(target, 'utf8')).toBe('{"name":"Kampagne Ü"}')
  })

  it('creates the folders it needs', async () => {
    const nested = join(folder, 'a', 'b', 'c', 'response.json')

    await writeFileAtomic(nested, '{}')

    expect(await readFile(nested, 'utf8')).toBe('{}')
  })

  it('replaces an existing file', async () => {
    await writeFile(target, 'old content that is longer than the new one')

    await writeFileAtomic(target, 'new')

    expect(await readFile(target, 'utf8')).toBe('new')
    expect(await readdir(folder)).toEqual(['response.json'])
  })

  it('writes chunks from an async iterable, text and bytes mixed', async () => {
    await writeFileAtomic(
      target,
      chunks('{"rows":[', Buffer.from('1,2'), new TextEncoder().encode(',3]}'))
    )

    expect(await readFile(target, 'utf8')).toBe('{"rows":[1,2,3]}')
  })

  it('shows the old file until the new one is whole', async () => {
    await writeFile(target, 'old')
    const seen: Array<{ content: string; files: string[] }> = []
    async function* observed() {
      yield 'new '
      await new Promise(resolve => setImmediate(resolve))
      seen.push({
        content: await readFile(target, 'utf8'),
        files: await readdir(folder)
      })
      yield 'content'
    }

    await writeFileAtomic(target, observed())

    expect(seen).toHaveLength(1)
    expect(seen[0]?.content).toBe('old')
    expect(seen[0]?.files).toHaveLength(2)
    expect(seen[0]?.files).toContainEqual(
      expect.stringMatching(/^\.response\.json\.[0-9a-f]{12}\.tmp$/)
    )
    expect(await readFile(target, 'utf8')).toBe('new content')
  })

  it('passes on the error of content that fails midway, keeping the old file and no temporary file', async () => {
    await writeFile(target, 'old')
    const broken = new Error('the connection closed')

    const error = await writeFileAtomic(
      target,
      chunks('{"rows":[', '1,', broken)
    ).catch((thrown: unknown) => thrown)

    expect(error).toBe(broken)
    expect(await readFile(target, 'utf8')).toBe('old')
    expect(await readdir(folder)).toEqual(['response.json'])
  })

  it('fails with a FileError when the target is a folder, and leaves nothing behind', async () => {
    await mkdir(target)
    await writeFile(join(target, 'inside.json'), 'kept')

    const error = await failure(writeFileAtomic(target, '{}'))

    expect(error.message).toMatch(new RegExp(`^Failed to write '${target}': `))
    expect(error.message).toContain('EISDIR')
    expect((await stat(target)).isDirectory()).toBe(true)
    expect(await readFile(join(target, 'inside.json'), 'utf8')).toBe('kept')
    expect(await readdir(folder)).toEqual(['response.json'])
  })

  it('fails with a FileError when a parent is a file', async () => {
    const blocker = join(folder, 'blocker')
    await writeFile(blocker, 'a file')

    const error = await failure(
      writeFileAtomic(join(blocker, 'deeper', 'response.json'), '{}')
    )

    expect(error.message).toContain(`Failed to write '${blocker}/deeper/`)
    expect(await readFile(blocker, 'utf8')).toBe('a file')
  })
})

describe('defaultResponseFile', () => {
  it.each([
    ['spotify', 'spotify'],
    ['__run_2', '__run_2'],
    ['my step/../x', 'my_step_.._x'],
    [undefined, 'response']
  ])('names the file for the step %j as %s-….json', (step, name) => {
    const path = defaultResponseFile({
      RUNNER_TEMP: '/runner/temp',
      GITHUB_ACTION: step
    })

    expect(dirname(path)).toBe('/runner/temp/spotify-ads')
    expect(path).toMatch(
      new RegExp(`/${name.replace(/\./g, '\\.')}-[0-9a-f]{8}\\.json$`)
    )
  })

  it('falls back to the system temp folder outside a runner', () => {
    expect(dirname(defaultResponseFile({}))).toBe(join(tmpdir(), 'spotify-ads'))
  })

  it('gives a new path on every call', () => {
    const env = { RUNNER_TEMP: '/runner/temp', GITHUB_ACTION: 'spotify' }
    const paths = new Set(
      Array.from({ length: 20 }, () => defaultResponseFile(env))
    )

    expect(paths.size).toBe(20)
  })
})
