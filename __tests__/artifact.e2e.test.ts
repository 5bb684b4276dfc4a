/**
 * The response file as a workflow artifact, end to end: the bundle uploads
 * for real to a fake of GitHub's artifact results service.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import {
  startFakeResultsService,
  unzipEntries,
  type FakeResultsService
} from '../fake/results-service.js'
import {
  RUNTIMES,
  fakeSpotifyInputs,
  runAction,
  type ActionRun
} from '../fake/runner.js'
import { startFakeSpotify, type FakeSpotify } from '../fake/spotify.js'
import { expectNoSecretLeak, fakeSecrets } from './helpers/secrets.js'

describe.each(RUNTIMES)('the artifact upload on $name', runtime => {
  let spotify: FakeSpotify
  let results: FakeResultsService

  beforeEach(async () => {
    spotify = await startFakeSpotify({ campaigns: 8 })
    results = await startFakeResultsService()
  })

  afterEach(async () => {
    await Promise.all([spotify.close(), results.close()])
  })

  async function run(
    inputs: Record<string, string>,
    env: Record<string, string> = results.env()
  ): Promise<ActionRun> {
    const result = await runAction({
      runtime,
      env,
      inputs: {
        ...fakeSpotifyInputs(spotify),
        path: `ad_accounts/${spotify.accountId}/campaigns`,
        ...inputs
      }
    })
    expectNoSecretLeak(
      result,
      fakeSecrets(spotify, { issued: [env.ACTIONS_RUNTIME_TOKEN ?? ''] })
    )
    return result
  }

  const errorLine = (result: ActionRun) =>
    /^::error::(.*)$/m.exec(result.stdout)?.[1] ?? ''

  it('uploads the response file and sets artifact-id and artifact-url', async () => {
    const result = await run({
      'artifact-name': 'campaigns',
      'retention-days': '7'
    })

    expect(result.code).toBe(0)
    const [artifact] = results.artifacts
    expect(artifact).toMatchObject({
      name: 'campaigns',
      finalized: true,
      retentionDays: 7
    })
    expect(result.outputs['artifact-id']).toBe(String(artifact!.id))
    const env = results.env()
    expect(result.outputs['artifact-url']).toBe(
      `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${artifact!.id}`
    )
    const file = result.outputs['response-file']!
    const entries = unzipEntries(artifact!.zip)
    expect(entries.get(basename(file))).toEqual(readFileSync(file))
    expect(result.summary).toContain('Artifact')
  })

  it('fails plainly on a name already used in the run, keeping the file', async () => {
    await run({ 'artifact-name': 'campaigns' })

    const second = await run({ 'artifact-name': 'campaigns' })

    expect(second.code).toBe(1)
    expect(errorLine(second)).toContain(
      'the name is already used in this workflow run'
    )
    expect(existsSync(second.outputs['response-file']!)).toBe(true)
    expect(results.artifacts).toHaveLength(1)
  })

  it.each(['create', 'upload', 'finalize'] as const)(
    'fails with a clear message when the %s step fails, keeping the file',
    async step => {
      results.fail({ step })

      const result = await run({ 'artifact-name': 'campaigns' })

      expect(result.code).toBe(1)
      const message = errorLine(result)
      expect(message).toContain("Failed to upload artifact 'campaigns'")
      expect(message).toContain('The response file is kept at')
      expect(result.outputs.status).toBe('200')
      expect(existsSync(result.outputs['response-file']!)).toBe(true)
    }
  )

  it('says artifacts need a workflow run when the runtime variables are missing', async () => {
    const result = await run({ 'artifact-name': 'campaigns' }, {})

    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain('ACTIONS_RUNTIME_TOKEN')
  })

  it('refuses an artifact name GitHub would refuse, before any request', async () => {
    const result = await run({ 'artifact-name': 'a/b' })

    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain("Input 'artifact-name'")
    expect(spotify.requests).toHaveLength(0)
  })
})
