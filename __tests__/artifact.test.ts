import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  afterEach,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import { artifactUrl, uploadArtifact } from '../src/artifact.js'
import { ArtifactError } from '../src/errors.js'
import {
  startFakeResultsService,
  unzipEntries,
  type FakeResultsService
} from '../fake/results-service.js'

let service: FakeResultsService
let restoreEnv: () => void
let directory: string
let responseFile: string
let log: string[]

beforeEach(async () => {
  service = await startFakeResultsService()
  restoreEnv = setEnv(service.env())
  directory = await mkdtemp(join(tmpdir(), 'artifact-test-'))
  responseFile = join(directory, 'response.json')
  await writeFile(responseFile, '{"campaigns":[{"id":"c-1","name":"Spring"}]}')
  log = captureStdout()
})

afterEach(async () => {
  jest.restoreAllMocks()
  restoreEnv()
  await service.close()
  await rm(directory, { recursive: true, force: true })
})

describe('uploadArtifact', () => {
  it('uploads the file so that the stored zip holds the same bytes', async () => {
    const upload = await uploadArtifact('report', [responseFile], directory)

    const [stored] = service.artifacts
    expect(stored).toMatchObject({ name: 'report', finalized: true })
    expect(stored?.retentionDays).toBeUndefined()
    const entries = unzipEntries(stored?.zip ?? Buffer.alloc(0))
    expect([...entries.keys()]).toEqual(['response.json'])
    expect(entries.get('response.json')?.toString()).toBe(
      '{"campaigns":[{"id":"c-1","name":"Spring"}]}'
    )
    expect(upload).toEqual({
      id: stored?.id,
      size: stored?.zip.length,
      url: `https://github.com/octo-org/ads-reports/actions/runs/4242/artifacts/${stored?.id}`
    })
  })

  it('keeps paths relative to the root directory and binary content intact', async () => {
    const content = randomBytes(256 * 1024)
    await mkdir(join(directory, 'reports'))
    const file = join(directory, 'reports', 'stats.bin')
    await writeFile(file, content)

    await uploadArtifact('binary', [file], directory)

    const entries = unzipEntries(service.artifacts[0]?.zip ?? Buffer.alloc(0))
    expect(entries.get('reports/stats.bin')?.equals(content)).toBe(true)
  })

  it('passes retention days through to the service', async () => {
    await uploadArtifact('report', [responseFile], directory, 7)

    expect(service.artifacts[0]?.retentionDays).toBe(7)
  })

  it('says what it uploads, and never logs the runtime token', async () => {
    await uploadArtifact('report', [responseFile], directory, 3)

    const output = log.join('')
    expect(output).toContain(
      `Uploading ${responseFile} as artifact 'report', kept for 3 days`
    )
    expect(output).toContain("Uploaded artifact 'report' (id 1, ")
    expect(output).not.toContain(process.env['ACTIONS_RUNTIME_TOKEN'])
  })

  it('succeeds when a block upload fails once with 500 and is retried', async () => {
    service.fail({ step: 'upload', status: 500, times: 1 })

    const upload = await uploadArtifact('report', [responseFile], directory)

    expect(upload.id).toBe(1)
    expect(service.artifacts[0]?.finalized).toBe(true)
  })

  it.each([
    {
      step: 'create' as const,
      cause:
        'the artifact service could not create it (HTTP 403 Forbidden: simulated CreateArtifact failure)'
    },
    {
      step: 'upload' as const,
      cause:
        'the storage service refused its content (HTTP 403 AuthenticationFailed: simulated storage failure (AuthenticationFailed))'
    },
    {
      step: 'finalize' as const,
      cause:
        'the artifact service could not finalize it (HTTP 403 Forbidden: simulated FinalizeArtifact failure)'
    }
  ])('explains a failed $step step and where the file is', async fault => {
    service.fail({ step: fault.step, status: 403 })

    const error = await failureOf(
      uploadArtifact('report', [responseFile], directory)
    )

    expect(error.message).toBe(
      `Failed to upload artifact 'report': ${fault.cause}. The response file is kept at ${responseFile}.`
    )
    expect(error.message).not.toContain(process.env['ACTIONS_RUNTIME_TOKEN'])
    expect(error.message).not.toContain('sig=')
  })

  it('tells to choose another artifact-name when the run already has one', async () => {
    await uploadArtifact('report', [responseFile], directory)

    const error = await failureOf(
      uploadArtifact('report', [responseFile], directory)
    )

    expect(error.message).toMatch(
      /^Failed to upload artifact 'report': the name is already used in this workflow run/
    )
    expect(error.message).toContain('Choose another `artifact-name`')
    expect(error.message).toContain('(`report-${{ matrix.os }}`)')
    expect(error.message).toContain(`kept at ${responseFile}.`)
    expect(service.artifacts).toHaveLength(1)
  })

  it('explains that it must run in a workflow job when the runtime token is missing', async () => {
    delete process.env['ACTIONS_RUNTIME_TOKEN']

    const error = await failureOf(
      uploadArtifact('report', [responseFile], directory)
    )

    expect(error.message).toBe(
      `Failed to upload artifact 'report': ACTIONS_RUNTIME_TOKEN is not set. Artifacts can only be uploaded from a job of a GitHub Actions workflow run; elsewhere leave \`artifact-name\` empty. The response file is kept at ${responseFile}.`
    )
    expect(service.artifacts).toHaveLength(0)
  })

  it('explains a results service that cannot be reached', async () => {
    // Nothing listens on port 1; the client does not retry a refused connection.
    process.env['ACTIONS_RESULTS_URL'] = 'http://127.0.0.1:1/'

    const error = await failureOf(
      uploadArtifact('report', [responseFile], directory)
    )

    expect(error.message).toBe(
      `Failed to upload artifact 'report': could not reach the artifact service (ECONNREFUSED); a self-hosted runner needs access to GitHub's endpoints, see https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#communication-between-self-hosted-runners-and-github. The response file is kept at ${responseFile}.`
    )
  })

  it('names a file that does not exist, without claiming it is kept', async () => {
    const missing = join(directory, 'missing.json')

    const error = await failureOf(
      uploadArtifact('report', [missing], directory)
    )

    expect(error.message).toBe(
      `Failed to upload artifact 'report': File ${missing} does not exist.`
    )
    expect(service.artifacts).toHaveLength(0)
  })
})

describe('artifactUrl', () => {
  const run = {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-org/ads-reports',
    GITHUB_RUN_ID: '99'
  }

  it.each([
    {
      name: 'a complete run',
      env: run,
      url: 'https://github.com/octo-org/ads-reports/actions/runs/99/artifacts/7'
    },
    {
      name: 'a server URL with a trailing slash',
      env: { ...run, GITHUB_SERVER_URL: 'https://github.com/' },
      url: 'https://github.com/octo-org/ads-reports/actions/runs/99/artifacts/7'
    },
    {
      name: 'no server URL',
      env: { ...run, GITHUB_SERVER_URL: undefined },
      url: undefined
    },
    {
      name: 'no repository',
      env: { ...run, GITHUB_REPOSITORY: '' },
      url: undefined
    },
    {
      name: 'no run id',
      env: { ...run, GITHUB_RUN_ID: undefined },
      url: undefined
    }
  ])('answers $url for $name', ({ env, url }) => {
    expect(artifactUrl(7, env)).toBe(url)
  })
})

async function failureOf(promise: Promise<unknown>): Promise<ArtifactError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(ArtifactError)
  return error as ArtifactError
}

/** Sets variables for one test; the returned function puts the old ones back. */
function setEnv(variables: Record<string, string>): () => void {
  const previous = Object.keys(variables).map(
    name => [name, process.env[name]] as const
  )
  Object.assign(process.env, variables)
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** Keeps the workflow commands @actions/core prints out of Jest's output. */
function captureStdout(): string[] {
  const written: string[] = []
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    written.push(String(chunk))
    return true
  })
  return written
}
