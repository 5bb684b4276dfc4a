/**
 * `run()` in process against the fake Spotify: the same behaviour the
 * end-to-end tests check on the bundle, measured on the sources.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { reportCsv } from '../fake/async-reports.js'
import {
  startFakeResultsService,
  unzipEntries,
  type FakeResultsService
} from '../fake/results-service.js'
import {
  rowWithFields,
  startFakeSpotify,
  type FakeSpotify
} from '../fake/spotify.js'
import { fakeSpotifyInputs } from '../fake/runner.js'
import { runInProcess, type InProcessRun } from './helpers/in-process.js'

let spotify: FakeSpotify

beforeEach(async () => {
  spotify = await startFakeSpotify({ campaigns: 120, reportRows: 25 })
})

afterEach(async () => {
  await spotify.close()
})

function run(
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<InProcessRun> {
  return runInProcess(
    {
      ...fakeSpotifyInputs(spotify),
      ...inputs
    },
    env
  )
}

const campaigns = () => `ad_accounts/${spotify.accountId}/campaigns`
const fileOf = <T>(result: InProcessRun): T =>
  JSON.parse(readFileSync(result.outputs['response-file']!, 'utf8')) as T

describe('run', () => {
  it('mints a token and sets its outputs when no path is given', async () => {
    const result = await run()

    expect(result.error).toBeUndefined()
    expect(result.outputs['access-token']).toBe(spotify.issuedAccessTokens[0])
    expect(result.stdout).toContain('No path given')
    expect(result.summary).toContain('Access token')
  })

  it('writes a single page as it came, with its counts', async () => {
    const result = await run({ path: campaigns(), query: 'limit=5' })

    expect(result.error).toBeUndefined()
    expect(result.outputs).toMatchObject({
      status: '200',
      'page-count': '1',
      'item-count': '5'
    })
    expect(fileOf<{ campaigns: unknown[] }>(result).campaigns).toHaveLength(5)
  })

  it('throws an ApiError for a 404 and still writes the outputs', async () => {
    const result = await run({ path: 'ad_accounts/unknown' })

    expect(result.error?.name).toBe('ApiError')
    expect(result.outputs.status).toBe('404')
    expect(result.summary).toContain('Failed')
  })

  it('warns instead of failing when fail-on-http-error is false', async () => {
    const result = await run({
      path: 'ad_accounts/unknown',
      'fail-on-http-error': 'false'
    })

    expect(result.error).toBeUndefined()
    expect(result.stdout).toMatch(/::warning::.*HTTP 404/)
  })

  it('keeps a body that is not JSON, and refuses to select from it', async () => {
    spotify.inject({ path: /campaigns$/, status: 200, body: '<html>hi</html>' })

    const result = await run({ path: campaigns(), select: 'campaigns' })

    expect(result.error?.message).toContain('need a JSON answer')
    expect(readFileSync(result.outputs['response-file']!, 'utf8')).toBe(
      '<html>hi</html>'
    )
  })

  it('pages through a whole offset list', async () => {
    const result = await run({ path: campaigns(), paginate: 'true' })

    expect(result.error).toBeUndefined()
    const ids = fileOf<{ campaigns: { id: string }[] }>(result).campaigns.map(
      c => c.id
    )
    expect(ids).toEqual(spotify.data.campaigns.map(c => c.id))
    expect(result.outputs['page-count']).toBe('3')
    expect(result.summary).toContain('campaigns: 120 in 3 page(s)')
  })

  it('renews an expired token once for every page in flight', async () => {
    spotify.inject({
      path: /campaigns$/,
      query: { offset: '50' },
      expireAccessTokens: true
    })

    const result = await run({
      path: campaigns(),
      paginate: 'true',
      query: 'limit=10'
    })

    expect(result.error).toBeUndefined()
    expect(spotify.issuedAccessTokens).toHaveLength(2)
  })

  it('pages through a report by continuation_token', async () => {
    const fields = ['IMPRESSIONS']
    const result = await run({
      path: `ad_accounts/${spotify.accountId}/aggregate_reports`,
      paginate: 'true',
      query: [
        'entity_type=CAMPAIGN',
        'granularity=DAY',
        'report_start=2026-01-01T00:00:00Z',
        'report_end=2026-02-01T00:00:00Z',
        'fields=IMPRESSIONS',
        'limit=10'
      ].join('\n')
    })

    expect(result.error).toBeUndefined()
    expect(fileOf<{ rows: unknown[] }>(result).rows).toEqual(
      spotify.data.reportRows.map(row => rowWithFields(row, fields))
    )
    expect(result.summary).toContain('<th>IMPRESSIONS</th>')
  })

  it('fails a page that breaks mid-list without replacing the file', async () => {
    spotify.inject({ path: /campaigns$/, query: { offset: '50' }, status: 400 })

    const result = await run({ path: campaigns(), paginate: 'true' })

    expect(result.error?.name).toBe('ApiError')
  })

  it('selects a result and checks an assertion', async () => {
    const result = await run({
      path: campaigns(),
      paginate: 'true',
      select: 'length(campaigns)',
      assert: 'paging.total_results == `120`'
    })

    expect(result.error).toBeUndefined()
    expect(result.outputs.result).toBe('120')
  })

  it('fails an assertion that does not hold', async () => {
    const result = await run({ path: campaigns(), assert: 'paging.nothing' })

    expect(result.error?.message).toContain(
      'assert `paging.nothing` does not hold: it gave null'
    )
  })

  it('writes no job summary when summary is false', async () => {
    const result = await run({ path: campaigns(), summary: 'false' })

    expect(result.error).toBeUndefined()
    expect(result.summary).toBe('')
  })

  it('warns to store a rotated refresh token', async () => {
    await spotify.close()
    spotify = await startFakeSpotify({ rotateRefreshToken: true })

    const result = await run()

    expect(result.outputs['refresh-token']).toBe(spotify.issuedRefreshTokens[0])
    expect(result.stdout).toContain(
      '::warning::Spotify returned a new refresh token'
    )
  })

  describe('waiting for an async report', () => {
    const create = () => ({
      path: `ad_accounts/${spotify.accountId}/async_reports`,
      method: 'POST',
      body: JSON.stringify({
        name: 'Nightly',
        granularity: 'DAY',
        dimensions: ['CAMPAIGN_NAME'],
        metrics: ['IMPRESSIONS']
      }),
      'wait-for-report': 'true'
    })

    async function restart(
      options: Parameters<typeof startFakeSpotify>[0]
    ): Promise<void> {
      await spotify.close()
      spotify = await startFakeSpotify({ reportRows: 25, ...options })
    }

    it('keeps the CSV beside the response file, and the last status in it', async () => {
      await restart({ asyncReportPolls: 0 })

      const result = await run(create())

      expect(result.error).toBeUndefined()
      const { id } = spotify.asyncReports.created[0]!
      const responseFile = result.outputs['response-file']!
      expect(result.outputs).toMatchObject({
        'report-id': id,
        'report-status': 'READY',
        'report-file': responseFile.replace(/\.json$/, '.csv')
      })
      expect(readFileSync(result.outputs['report-file']!, 'utf8')).toBe(
        reportCsv(spotify.data.reportRows)
      )
      expect(fileOf<{ status: string }>(result).status).toBe('READY')
      expect(result.summary).toContain(`Report ${id}: first 10 rows`)
      expect(result.summary).toContain('<td>Async report</td>')
    })

    it('publishes the id and the status of a report that failed', async () => {
      await restart({ asyncReportPolls: 0, asyncReportOutcome: 'FAILED' })

      const result = await run(create())

      expect(result.error?.name).toBe('ReportError')
      const { id } = spotify.asyncReports.created[0]!
      expect(result.outputs['report-id']).toBe(id)
      expect(result.outputs['report-status']).toBe('FAILED')
      expect(result.outputs['report-file']).toBeUndefined()
      expect(fileOf<{ status: string }>(result).status).toBe('FAILED')
      expect(result.summary).toContain(`${id} FAILED`)
    })

    it('does not wait when the POST itself failed', async () => {
      const result = await run({ ...create(), body: '{"name": "x"}' })

      expect(result.error?.name).toBe('ApiError')
      expect(result.outputs.status).toBe('400')
      expect(result.outputs['report-id']).toBeUndefined()
    })

    it('uploads files in two folders under their common folder', async () => {
      await restart({ asyncReportPolls: 0 })
      const results = await startFakeResultsService()
      const root = mkdtempSync(join(tmpdir(), 'spotify-ads-artifact-'))
      try {
        const result = await run(
          {
            ...create(),
            'response-file': join(root, 'status/report.json'),
            'report-file': join(root, 'csv/report.csv'),
            'artifact-name': 'report'
          },
          results.env()
        )

        expect(result.error).toBeUndefined()
        const entries = unzipEntries(results.artifacts[0]!.zip)
        expect([...entries.keys()].sort()).toEqual([
          'csv/report.csv',
          'status/report.json'
        ])
      } finally {
        await results.close()
      }
    })
  })

  describe('with an artifact', () => {
    let results: FakeResultsService

    beforeEach(async () => {
      results = await startFakeResultsService()
    })

    afterEach(async () => {
      await results.close()
    })

    it('uploads the response file and sets the artifact outputs', async () => {
      const result = await run(
        { path: campaigns(), 'artifact-name': 'campaigns' },
        results.env()
      )

      expect(result.error).toBeUndefined()
      expect(result.outputs['artifact-id']).toBe(
        String(results.artifacts[0]!.id)
      )
      expect(result.outputs['artifact-url']).toMatch(/\/artifacts\/\d+$/)
      expect(result.summary).toContain('>campaigns</a>')
    })
  })
})
