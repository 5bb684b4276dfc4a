/**
 * Whole lists and reports, select and assert, end to end: the bundle against
 * the fake Spotify, each document checked item for item against its data.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  RUNTIMES,
  fakeSpotifyInputs,
  runAction,
  type ActionRun
} from '../fake/runner.js'
import {
  rowWithFields,
  startFakeSpotify,
  type FakeSpotify,
  type FakeSpotifyOptions
} from '../fake/spotify.js'
import { expectNoSecretLeak, fakeSecrets } from './helpers/secrets.js'

const REPORT_FIELDS = ['IMPRESSIONS', 'CLICKS']
const REPORT_QUERY = [
  'entity_type=CAMPAIGN',
  'granularity=DAY',
  'report_start=2026-01-01T00:00:00Z',
  'report_end=2026-02-01T00:00:00Z',
  ...REPORT_FIELDS.map(field => `fields=${field}`)
].join('\n')

interface CampaignList {
  campaigns: { id: string }[]
  paging: Record<string, number>
}

describe.each(RUNTIMES)('paging, select and assert on $name', runtime => {
  let spotify: FakeSpotify

  async function start(options: FakeSpotifyOptions = {}) {
    spotify = await startFakeSpotify({ campaigns: 120, ...options })
  }

  beforeEach(() => start())

  afterEach(async () => {
    await spotify.close()
  })

  async function run(inputs: Record<string, string>): Promise<ActionRun> {
    const result = await runAction({
      runtime,
      inputs: {
        ...fakeSpotifyInputs(spotify),
        ...inputs
      }
    })
    expectNoSecretLeak(result, fakeSecrets(spotify))
    return result
  }

  const campaigns = () => `ad_accounts/${spotify.accountId}/campaigns`
  const reports = () => `ad_accounts/${spotify.accountId}/aggregate_reports`
  const pageRequests = (suffix: string) =>
    spotify.requests.filter(request => request.path.endsWith(suffix))
  const document = <T>(result: ActionRun): T =>
    JSON.parse(readFileSync(result.outputs['response-file']!, 'utf8')) as T
  const errorLine = (result: ActionRun) =>
    /^::error::(.*)$/m.exec(result.stdout)?.[1] ?? ''
  const campaignIds = () => spotify.data.campaigns.map(c => c.id)

  describe('offset lists', () => {
    it('writes every item of every page in API order, shaped like one page', async () => {
      const result = await run({ path: campaigns(), paginate: 'true' })

      expect(result.code).toBe(0)
      const list = document<CampaignList>(result)
      expect(list.campaigns.map(c => c.id)).toEqual(campaignIds())
      expect(list.paging).toEqual({
        page_size: 120,
        total_results: 120,
        offset: 0,
        current_page: 1
      })
      expect(result.outputs['page-count']).toBe('3')
      expect(result.outputs['item-count']).toBe('120')
      const sent = pageRequests('/campaigns').map(r => [
        r.query.get('limit'),
        r.query.get('offset')
      ])
      expect(sent).toEqual(
        expect.arrayContaining([
          ['50', null],
          ['50', '50'],
          ['50', '100']
        ])
      )
    })

    it('keeps the page size the query sets', async () => {
      const result = await run({
        path: campaigns(),
        paginate: 'true',
        query: 'limit=25'
      })

      expect(result.outputs['page-count']).toBe('5')
      expect(document<CampaignList>(result).campaigns.map(c => c.id)).toEqual(
        campaignIds()
      )
    })

    it('pauses for Retry-After on a 429 mid-list and still gets every item', async () => {
      spotify.inject({
        path: /\/campaigns$/,
        query: { offset: '50' },
        status: 429,
        headers: { 'retry-after': '1' }
      })

      const result = await run({ path: campaigns(), paginate: 'true' })

      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/Retrying GET .*HTTP 429/)
      expect(document<CampaignList>(result).campaigns.map(c => c.id)).toEqual(
        campaignIds()
      )
    })

    it('mints a new token once when it expires mid-list, and repeats the request', async () => {
      spotify.inject({
        path: /\/campaigns$/,
        query: { offset: '50' },
        expireAccessTokens: true
      })

      const result = await run({ path: campaigns(), paginate: 'true' })

      expect(result.code).toBe(0)
      expect(spotify.issuedAccessTokens).toHaveLength(2)
      expect(document<CampaignList>(result).campaigns.map(c => c.id)).toEqual(
        campaignIds()
      )
      const retried = pageRequests('/campaigns').filter(
        r => r.query.get('offset') === '50'
      )
      expect(retried.map(r => r.headers.authorization)).toEqual([
        `Bearer ${spotify.issuedAccessTokens[0]}`,
        `Bearer ${spotify.issuedAccessTokens[1]}`
      ])
    })

    it('fails before fetching more when the list needs more than max-pages', async () => {
      const result = await run({
        path: campaigns(),
        paginate: 'true',
        'max-pages': '2'
      })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain('more than max-pages (2)')
      expect(pageRequests('/campaigns')).toHaveLength(1)
    })

    it('leaves an old response file as it was when a page fails', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'paging-'))
      const file = join(folder, 'campaigns.json')
      writeFileSync(file, '{"old": true}')
      spotify.inject({
        path: /\/campaigns$/,
        query: { offset: '100' },
        status: 403,
        body: {
          sp_trace_id: 'trace-403',
          messages: ['Forbidden'],
          error_codes: []
        }
      })

      const result = await run({
        path: campaigns(),
        paginate: 'true',
        'response-file': file
      })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain('HTTP 403')
      expect(errorLine(result)).toContain('trace-403')
      expect(readFileSync(file, 'utf8')).toBe('{"old": true}')
      expect(readdirSync(folder)).toEqual(['campaigns.json'])
    })

    it('summarises the list with a table of its first rows', async () => {
      const result = await run({ path: campaigns(), paginate: 'true' })

      expect(result.summary).toContain(
        'campaigns: 120 in 3 page(s), first 10 shown'
      )
      expect(result.summary).toContain(
        `<td>${spotify.data.campaigns[0]!.id}</td>`
      )
    })
  })

  describe('cursor reports', () => {
    beforeEach(async () => {
      await spotify.close()
      await start({ reportRows: 25 })
    })

    it('follows continuation_token alone until it is empty', async () => {
      const result = await run({
        path: reports(),
        query: `${REPORT_QUERY}\nlimit=10`,
        paginate: 'true'
      })

      expect(result.code).toBe(0)
      const report = document<{
        rows: unknown[]
        continuation_token: string
        granularity: string
      }>(result)
      expect(report.rows).toEqual(
        spotify.data.reportRows.map(row => rowWithFields(row, REPORT_FIELDS))
      )
      expect(report.continuation_token).toBe('')
      expect(report.granularity).toBe('DAY')
      expect(result.outputs['page-count']).toBe('3')
      expect(result.outputs['item-count']).toBe('25')
      const later = pageRequests('/aggregate_reports').slice(1)
      expect(later.map(r => [...r.query.keys()])).toEqual([
        ['continuation_token'],
        ['continuation_token']
      ])
    })

    it('fails when the report needs more than max-pages', async () => {
      const result = await run({
        path: reports(),
        query: `${REPORT_QUERY}\nlimit=10`,
        paginate: 'true',
        'max-pages': '2'
      })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain('more than max-pages (2)')
    })

    it('summarises the report with entities and their stats', async () => {
      const result = await run({
        path: reports(),
        query: REPORT_QUERY,
        paginate: 'true'
      })

      expect(result.summary).toContain('<th>IMPRESSIONS</th>')
      expect(result.summary).toContain(
        `<td>${spotify.data.reportRows[0]!.entity_name}</td>`
      )
    })
  })

  describe('select and assert', () => {
    it('sets result to the JSON the expression selects', async () => {
      const result = await run({
        path: campaigns(),
        paginate: 'true',
        select: 'campaigns[].id'
      })

      expect(JSON.parse(result.outputs.result!)).toEqual(campaignIds())
    })

    it('passes a truthy assertion', async () => {
      const result = await run({
        path: campaigns(),
        paginate: 'true',
        assert: 'paging.total_results > `100`'
      })

      expect(result.code).toBe(0)
      expect(result.stdout).toContain('holds')
    })

    it('fails a falsy assertion, naming it and showing its value', async () => {
      const result = await run({
        path: campaigns(),
        assert: "campaigns[?status == 'NO_SUCH_STATUS']"
      })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain(
        "assert `campaigns[?status == 'NO_SUCH_STATUS']` does not hold: it gave []"
      )
    })

    it.each(['select', 'assert'])(
      'refuses an invalid %s expression before any request',
      async input => {
        const result = await run({ path: campaigns(), [input]: 'campaigns[' })

        expect(result.code).toBe(1)
        expect(errorLine(result)).toContain(
          `Input '${input}' is not a valid JMESPath expression`
        )
        expect(spotify.requests).toHaveLength(0)
      }
    )

    it('fails with a pointer to the file when result is over GitHub’s limit', async () => {
      await spotify.close()
      await start({ campaigns: 6000 })

      const result = await run({
        path: campaigns(),
        paginate: 'true',
        'max-pages': '200',
        select: 'campaigns'
      })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain("GitHub's 1048576-byte limit")
      expect(errorLine(result)).toContain(result.outputs['response-file']!)
    })
  })
})
