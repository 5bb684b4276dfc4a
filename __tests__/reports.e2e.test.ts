/**
 * Async CSV reports end to end: the bundle creates a report on the fake
 * Spotify, polls it, and downloads the CSV from a storage host on another
 * loopback port that records what it was sent.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { reportCsv } from '../fake/async-reports.js'
import {
  startFakeResultsService,
  unzipEntries
} from '../fake/results-service.js'
import {
  RUNTIMES,
  fakeSpotifyInputs,
  runAction,
  type ActionRun
} from '../fake/runner.js'
import {
  startFakeSpotify,
  type FakeSpotify,
  type FakeSpotifyOptions
} from '../fake/spotify.js'
import { expectNoSecretLeak, fakeSecrets } from './helpers/secrets.js'

const REPORT = JSON.stringify({
  name: 'Nightly campaigns',
  granularity: 'DAY',
  dimensions: ['CAMPAIGN_NAME'],
  metrics: ['IMPRESSIONS', 'CLICKS'],
  report_start: '2026-11-01T00:00:00Z',
  report_end: '2026-12-01T00:00:00Z'
})

describe.each(RUNTIMES)('async reports on $name', runtime => {
  let spotify: FakeSpotify

  afterEach(async () => {
    await spotify.close()
  })

  interface RunOptions {
    inputs?: Record<string, string>
    env?: Record<string, string>
    /** Runs once the fake is up, before the action: to inject faults. */
    prepare?: (fake: FakeSpotify) => void
  }

  async function run(
    options: FakeSpotifyOptions,
    { inputs = {}, env = {}, prepare }: RunOptions = {}
  ): Promise<ActionRun> {
    spotify = await startFakeSpotify({ reportRows: 12, ...options })
    prepare?.(spotify)
    const result = await runAction({
      runtime,
      env,
      inputs: {
        ...fakeSpotifyInputs(spotify),
        path: `ad_accounts/${spotify.accountId}/async_reports`,
        method: 'POST',
        body: REPORT,
        'wait-for-report': 'true',
        'poll-interval-seconds': '1',
        ...inputs
      }
    })
    expectNoSecretLeak(result, fakeSecrets(spotify))
    return result
  }

  const errorLine = (result: ActionRun) =>
    /^::error::(.*)$/m.exec(result.stdout)?.[1] ?? ''
  const created = () => spotify.asyncReports.created[0]!

  it('polls until READY, then downloads the CSV without the bearer token', async () => {
    const result = await run({ asyncReportPolls: 2 })

    expect(result.code).toBe(0)
    const { id } = created()
    expect(result.outputs).toMatchObject({
      status: '201',
      'report-id': id,
      'report-status': 'READY'
    })
    const csv = readFileSync(result.outputs['report-file']!, 'utf8')
    expect(csv).toBe(reportCsv(spotify.data.reportRows))
    const polls = spotify.requests.filter(r => r.path.endsWith(`/${id}`))
    expect(polls).toHaveLength(3)
    expect(spotify.storage.requests).toHaveLength(1)
    expect(spotify.storage.requests[0]!.headers).not.toHaveProperty(
      'authorization'
    )
    const status = JSON.parse(
      readFileSync(result.outputs['response-file']!, 'utf8')
    ) as { status: string }
    expect(status.status).toBe('READY')
    expect(result.summary).toContain(`Report ${id}: first 10 rows`)
    expect(result.summary).toContain('<th>entity_name</th>')
  })

  it('keeps the signed link out of the log', async () => {
    const result = await run(
      { asyncReportPolls: 0 },
      { env: { ACTIONS_STEP_DEBUG: 'true' } }
    )

    const status = JSON.parse(
      readFileSync(result.outputs['response-file']!, 'utf8')
    ) as { report_url: string }
    const signature = new URL(status.report_url).searchParams.get('sig')!
    const visible = result.stdout.replace(/^::add-mask::.*$/gm, '')
    expect(visible).not.toContain(signature)
  })

  it.each(['FAILED', 'EXPIRED'] as const)(
    'fails naming the status and the report id when the report is %s',
    async outcome => {
      const result = await run({
        asyncReportPolls: 1,
        asyncReportOutcome: outcome
      })

      expect(result.code).toBe(1)
      const { id } = created()
      expect(errorLine(result)).toContain(`Report ${id} is ${outcome}`)
      expect(result.outputs['report-id']).toBe(id)
      expect(result.outputs['report-status']).toBe(outcome)
      expect(spotify.storage.requests).toHaveLength(0)
    }
  )

  it('gives up after wait-timeout-seconds with the last status and the id', async () => {
    const result = await run(
      { asyncReportOutcome: 'NEVER' },
      { inputs: { 'wait-timeout-seconds': '2' } }
    )

    expect(result.code).toBe(1)
    const { id } = created()
    expect(errorLine(result)).toContain(`Report ${id} was still PROCESSING`)
    expect(errorLine(result)).toContain('report-id output')
    expect(result.outputs['report-id']).toBe(id)
    expect(result.outputs['report-status']).toBe('PROCESSING')
  })

  it('waits out a 429 while polling', async () => {
    const result = await run(
      { asyncReportPolls: 1 },
      {
        prepare: fake =>
          fake.inject({
            method: 'GET',
            path: /\/async_reports\/[^/]+$/,
            status: 429,
            headers: { 'retry-after': '1' }
          })
      }
    )

    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/Retrying GET .*async_reports.*HTTP 429/)
    expect(result.outputs['report-status']).toBe('READY')
  })

  it('refuses wait-for-report on a request that creates no report', async () => {
    const result = await run({}, { inputs: { method: 'GET', body: '' } })

    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain("Input 'wait-for-report' needs")
    expect(spotify.requests).toHaveLength(0)
  })

  it('uploads the status JSON and the CSV as one artifact', async () => {
    const results = await startFakeResultsService()
    try {
      const result = await run(
        { asyncReportPolls: 0 },
        { inputs: { 'artifact-name': 'report' }, env: results.env() }
      )

      expect(result.code).toBe(0)
      const entries = unzipEntries(results.artifacts[0]!.zip)
      const json = basename(result.outputs['response-file']!)
      const csv = basename(result.outputs['report-file']!)
      expect([...entries.keys()].sort()).toEqual([csv, json].sort())
      expect(entries.get(csv)?.toString()).toBe(
        reportCsv(spotify.data.reportRows)
      )
    } finally {
      await results.close()
    }
  })

  it('fails plainly when the signed link is refused, keeping no partial CSV', async () => {
    const result = await run(
      { asyncReportPolls: 0 },
      { prepare: fake => fake.storage.fail(403, 10) }
    )

    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain('answered HTTP 403')
    expect(errorLine(result)).toContain('signed link may have expired')
    const csv = result.outputs['response-file']!.replace(/json$/, 'csv')
    expect(existsSync(csv)).toBe(false)
  })
})
