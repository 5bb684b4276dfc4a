/**
 * Async CSV reports in process, against the fake Spotify and its storage
 * host on loopback: the polling, the download and the file, with the waits
 * between polls recorded instead of slept.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { reportCsv } from '../fake/async-reports.js'
import {
  startFakeSpotify,
  type FakeSpotify,
  type FakeSpotifyOptions
} from '../fake/spotify.js'
import type { ApiContext } from '../src/document.js'
import { Transport } from '../src/http.js'
import type { ApiRequest } from '../src/inputs.js'
import type { Log } from '../src/log.js'
import {
  createdReportId,
  csvHead,
  defaultReportFile,
  parseCsvLine,
  ReportError,
  waitForReport,
  type ReportState
} from '../src/report.js'
import { RefreshingTokens } from '../src/token-source.js'

let spotify: FakeSpotify
let transport: Transport
let context: ApiContext
let logged: string[]
let masked: string[]
let folder: string

const log: Log = {
  debug: message => void logged.push(message),
  info: message => void logged.push(message),
  warning: message => void logged.push(message),
  mask: secret => void masked.push(secret)
}

/** Starts the fake and an engine context that talks to it. */
async function start(options: FakeSpotifyOptions = {}): Promise<void> {
  spotify = await startFakeSpotify({
    reportRows: 15,
    asyncReportPolls: 2,
    ...options
  })
  transport = new Transport({
    timeoutMs: 5000,
    maxRetries: 2,
    log,
    userAgent: 'test',
    sleep: () => Promise.resolve()
  })
  const tokens = new RefreshingTokens(
    transport,
    new URL(spotify.tokenUrl),
    {
      clientId: spotify.clientId,
      clientSecret: spotify.clientSecret,
      refreshToken: spotify.refreshToken
    },
    log
  )
  await tokens.mint()
  context = { transport, apiBaseUrl: new URL(spotify.apiBaseUrl), tokens, log }
}

async function stop(): Promise<void> {
  transport.close()
  await spotify.close()
}

/** Runs the test against a fake started with other options. */
async function restart(options: FakeSpotifyOptions): Promise<void> {
  await stop()
  await start(options)
}

beforeEach(async () => {
  logged = []
  masked = []
  folder = mkdtempSync(join(tmpdir(), 'spotify-ads-report-'))
  await start()
})

afterEach(stop)

const asyncReports = () =>
  new URL(
    `ad_accounts/${spotify.accountId}/async_reports`,
    `${spotify.apiBaseUrl}/`
  )

/** Creates a report on the fake, as the step's POST does. */
function createReport(): { created: ApiRequest; id: string } {
  const answer = spotify.asyncReports.create({
    name: 'Nightly',
    granularity: 'DAY',
    dimensions: ['CAMPAIGN_NAME'],
    metrics: ['IMPRESSIONS']
  })
  const id = (answer.body as { id: string }).id
  return { created: { method: 'POST', url: asyncReports() }, id }
}

interface Waited {
  done?: ReportState
  error?: unknown
  states: ReportState[]
  sleeps: number[]
  file: string
}

async function wait(
  options: { pollIntervalMs?: number; waitTimeoutMs?: number } = {}
): Promise<Waited> {
  const { created, id } = createReport()
  const file = join(folder, 'report.csv')
  const states: ReportState[] = []
  const sleeps: number[] = []
  const result: Waited = { states, sleeps, file }
  try {
    result.done = await waitForReport(
      context,
      created,
      id,
      {
        pollIntervalMs: options.pollIntervalMs ?? 1000,
        waitTimeoutMs: options.waitTimeoutMs ?? 60_000,
        reportFile: file
      },
      state => states.push(state),
      ms => {
        sleeps.push(ms)
        return Promise.resolve()
      }
    )
  } catch (error) {
    result.error = error
  }
  return result
}

const statusPath = /\/async_reports\/[^/]+$/

describe('waitForReport', () => {
  it('polls every poll-interval until READY, then streams the CSV to its file', async () => {
    const result = await wait({ pollIntervalMs: 7000 })

    expect(result.error).toBeUndefined()
    expect(result.states.map(state => state.status)).toEqual([
      'PROCESSING',
      'PROCESSING',
      'READY'
    ])
    expect(result.sleeps).toEqual([7000, 7000])
    const csv = reportCsv(spotify.data.reportRows)
    expect(readFileSync(result.file, 'utf8')).toBe(csv)
    expect(result.done).toMatchObject({
      status: 'READY',
      file: result.file,
      bytes: Buffer.byteLength(csv)
    })
    expect(readdirSync(folder)).toEqual(['report.csv'])
  })

  it('fetches report_url without the bearer token, and masks the signed link', async () => {
    const result = await wait()

    const [download] = spotify.storage.requests
    expect(download?.headers).not.toHaveProperty('authorization')
    const status = JSON.parse(result.done!.statusBody!.toString()) as {
      report_url: string
    }
    expect(masked).toContain(status.report_url)
    const signature = new URL(status.report_url).searchParams.get('sig')!
    expect(logged.join('\n')).not.toContain(signature)
  })

  it.each([
    ['FAILED', 'could not make it'],
    ['EXPIRED', 'no longer keeps it']
  ] as const)(
    'throws a ReportError naming the id when the report is %s',
    async (outcome, says) => {
      await restart({ asyncReportOutcome: outcome })

      const result = await wait()

      expect(result.error).toBeInstanceOf(ReportError)
      const { id } = spotify.asyncReports.created[0]!
      const error = result.error as ReportError
      expect(error.message).toContain(
        `Report ${id} is ${outcome}: Spotify ${says}`
      )
      expect(error.state?.status).toBe(outcome)
      expect(spotify.storage.requests).toHaveLength(0)
    }
  )

  it('gives up when the next poll would pass wait-timeout, with the last status', async () => {
    await restart({ asyncReportOutcome: 'NEVER' })
    let now = Date.now()
    const realNow = Date.now
    Date.now = () => now
    try {
      const { created, id } = createReport()
      const sleeps: number[] = []
      const error = await waitForReport(
        context,
        created,
        id,
        {
          pollIntervalMs: 10_000,
          waitTimeoutMs: 25_000,
          reportFile: join(folder, 'r.csv')
        },
        () => undefined,
        ms => {
          sleeps.push(ms)
          now += ms
          return Promise.resolve()
        }
      ).catch((thrown: unknown) => thrown)

      expect(sleeps).toEqual([10_000, 10_000])
      expect(error).toBeInstanceOf(ReportError)
      expect((error as Error).message).toContain(
        `Report ${id} was still PROCESSING after 20 s, and wait-timeout-seconds allows 25 s`
      )
      expect((error as ReportError).state?.status).toBe('PROCESSING')
    } finally {
      Date.now = realNow
    }
  })

  it('waits out a 429 on a status read, then goes on polling', async () => {
    spotify.inject({
      method: 'GET',
      path: statusPath,
      status: 429,
      headers: { 'retry-after': '1' }
    })

    const result = await wait()

    expect(result.error).toBeUndefined()
    expect(result.done?.status).toBe('READY')
    expect(logged.join('\n')).toMatch(/Retrying GET .*HTTP 429/)
  })

  it('throws an ApiError when a status read fails for good', async () => {
    spotify.inject({ method: 'GET', path: statusPath, status: 403 })

    const result = await wait()

    expect((result.error as Error).name).toBe('ApiError')
    expect((result.error as Error).message).toContain('answered HTTP 403')
  })

  it.each([
    [
      'a status answer without a status',
      { submitted_at: 'x' },
      'holds no status'
    ],
    [
      'a report_url that is not https',
      { status: 'READY', report_url: 'ftp://storage.example/r.csv' },
      'is not an https link'
    ],
    [
      'a report_url on http to another host',
      { status: 'READY', report_url: 'http://storage.example/r.csv' },
      'is not an https link'
    ],
    [
      'a report_url with credentials',
      { status: 'READY', report_url: 'https://user:pw@storage.example/r.csv' },
      'is a link with credentials in it'
    ],
    [
      'a READY report without report_url',
      { status: 'READY' },
      'missing or not a URL'
    ],
    [
      'a report_url that is not a URL',
      { status: 'READY', report_url: 'not a url' },
      'missing or not a URL'
    ]
  ])('refuses %s, fetching nothing', async (_, body, says) => {
    spotify.inject({ method: 'GET', path: statusPath, status: 200, body })

    const result = await wait()

    expect(result.error).toBeInstanceOf(ReportError)
    expect((result.error as Error).message).toContain(says)
    expect(spotify.storage.requests).toHaveLength(0)
  })

  it('keeps an old CSV whole when the download is refused', async () => {
    const file = join(folder, 'report.csv')
    writeFileSync(file, 'old,report\r\n')
    spotify.storage.fail(403, 10)

    const result = await wait()

    expect((result.error as Error).message).toContain(
      'answered HTTP 403. The signed link may have expired'
    )
    expect(readFileSync(file, 'utf8')).toBe('old,report\r\n')
    expect(readdirSync(folder)).toEqual(['report.csv'])
  })

  it('downloads again after a 503 from the storage host', async () => {
    spotify.storage.fail(503, 1)

    const result = await wait()

    expect(result.error).toBeUndefined()
    expect(spotify.storage.requests).toHaveLength(2)
    expect(readFileSync(result.file, 'utf8')).toBe(
      reportCsv(spotify.data.reportRows)
    )
  })
})

describe('createdReportId', () => {
  it('reads the id of a create answer', () => {
    expect(createdReportId({ id: 'ce4ff15e' })).toBe('ce4ff15e')
  })

  it.each([undefined, null, 'text', {}, { id: '' }, { id: 42 }])(
    'refuses %p, naming the endpoint that creates reports',
    parsed => {
      expect(() => createdReportId(parsed)).toThrow(
        /holds no report id.*ad_accounts\/\{id\}\/async_reports/
      )
    }
  )
})

describe('defaultReportFile', () => {
  it.each([
    ['/tmp/x/step-ab12.json', '/tmp/x/step-ab12.csv'],
    ['/tmp/x/answer.JSON', '/tmp/x/answer.csv'],
    ['/tmp/x/answer', '/tmp/x/answer.csv']
  ])('puts the CSV of %s at %s', (responseFile, expected) => {
    expect(defaultReportFile(responseFile)).toBe(expected)
  })
})

describe('parseCsvLine', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['', ['']],
    ['a,,c', ['a', '', 'c']],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['trailing,', ['trailing', '']]
  ])('reads %j as %j', (line, cells) => {
    expect(parseCsvLine(line)).toEqual(cells)
  })
})

describe('csvHead', () => {
  it('reads the header and the first rows only, skipping blank lines', async () => {
    const file = join(folder, 'big.csv')
    const rows = Array.from({ length: 500 }, (_, i) => `row ${i},${i}`)
    writeFileSync(file, `name,n\r\n\r\n${rows.join('\r\n')}\r\n`)

    const head = await csvHead(file, 3)

    expect(head).toEqual([
      ['name', 'n'],
      ['row 0', '0'],
      ['row 1', '1']
    ])
  })
})
