/**
 * Async CSV reports: after `POST ad_accounts/{id}/async_reports` answered
 * `{id}`, poll `GET …/async_reports/{id}` until the report is `READY`,
 * `FAILED` or `EXPIRED`, then download `report_url`, a signed link on a
 * storage host, without the bearer token.
 * https://developer.spotify.com/documentation/ads-api/reference/reports
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { apiError, callApi } from './api.js'
import type { ApiContext } from './document.js'
import { formatSeconds } from './http.js'
import type { ApiRequest } from './inputs.js'
import { writeFileAtomic } from './response-file.js'
import { describeTarget, isLoopbackHost } from './url.js'

/** How to wait for a report, and where to keep it. */
export interface ReportWait {
  pollIntervalMs: number
  waitTimeoutMs: number
  /** Absolute; absent for the default next to the response file. */
  reportFile?: string
}

/** What is known of a report, however far the wait got. */
export interface ReportState {
  id: string
  status: string
  /** The last status answer, as it came. */
  statusBody?: Buffer
  file?: string
  bytes?: number
}

/** A report that failed, expired, or was not ready in time. */
export class ReportError extends Error {
  override readonly name = 'ReportError'

  constructor(
    message: string,
    readonly state?: ReportState
  ) {
    super(message)
  }
}

/** Rows of the CSV shown in the job summary, with its header. */
const SUMMARY_ROWS = 10

/** The CSV's path when `report-file` is not set: beside the response file. */
export function defaultReportFile(responseFile: string): string {
  const name = basename(responseFile).replace(/\.json$/i, '')
  return join(dirname(responseFile), `${name}.csv`)
}

/** The report id in a create answer, `{"id": "…"}`. */
export function createdReportId(parsed: unknown): string {
  const id =
    typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>).id
      : undefined
  if (typeof id !== 'string' || !id) {
    throw new ReportError(
      'The answer to the POST holds no report id, so there is no report to wait for. wait-for-report works with POST ad_accounts/{id}/async_reports.'
    )
  }
  return id
}

/**
 * Polls until the report is done, then downloads it to `file`.
 *
 * @param onStatus - called with every status read, so that a caller can
 *   publish the id and status even if the wait then fails
 */
export async function waitForReport(
  context: ApiContext,
  created: ApiRequest,
  id: string,
  wait: ReportWait & { reportFile: string },
  onStatus: (state: ReportState) => void,
  sleep: (ms: number) => Promise<void> = delay
): Promise<ReportState> {
  const statusUrl = new URL(
    `${created.url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(id)}`,
    created.url.origin
  )
  const request: ApiRequest = { method: 'GET', url: statusUrl }
  const started = Date.now()
  for (;;) {
    const response = await callApi(
      context.transport,
      context.apiBaseUrl,
      request,
      context.tokens,
      context.log
    )
    if (response.status < 200 || response.status > 299) {
      throw apiError(request, response)
    }
    const answer = readStatus(response.body)
    const state: ReportState = {
      id,
      status: answer.status,
      statusBody: response.body
    }
    onStatus(state)
    const waited = Date.now() - started
    context.log.info(
      `Report ${id} is ${answer.status} after ${formatSeconds(waited)}`
    )

    if (answer.status === 'READY') {
      return download(context, state, answer.reportUrl, wait.reportFile)
    }
    if (answer.status === 'FAILED' || answer.status === 'EXPIRED') {
      throw new ReportError(
        `Report ${id} is ${answer.status}: Spotify ${answer.status === 'FAILED' ? 'could not make it' : 'no longer keeps it'}. Create it again${answer.status === 'FAILED' ? ', and check its dimensions, metrics and dates' : ''}.`,
        state
      )
    }
    if (waited + wait.pollIntervalMs > wait.waitTimeoutMs) {
      throw new ReportError(
        `Report ${id} was still ${answer.status} after ${formatSeconds(waited)}, and wait-timeout-seconds allows ${formatSeconds(wait.waitTimeoutMs)}. Its id is in the report-id output: a later job can read it with GET ${describeTarget(statusUrl)}.`,
        state
      )
    }
    await sleep(wait.pollIntervalMs)
  }
}

function readStatus(body: Buffer): { status: string; reportUrl?: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    parsed = undefined
  }
  const fields =
    typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : {}
  const status = typeof fields.status === 'string' ? fields.status : ''
  if (!status) {
    throw new ReportError(
      'A report status answer holds no status; it cannot be followed.'
    )
  }
  const reportUrl =
    typeof fields.report_url === 'string' ? fields.report_url : undefined
  return { status, reportUrl }
}

/**
 * Streams the CSV to its file, replacing it whole. The link is signed, so
 * it is masked and never logged; it goes out with no `Authorization`
 * header: the bearer token never leaves the Ads API's origin.
 */
async function download(
  context: ApiContext,
  state: ReportState,
  reportUrl: string | undefined,
  file: string
): Promise<ReportState> {
  const url = parseReportUrl(state, reportUrl)
  // As given and as parsed: the two may differ in their escaping.
  context.log.mask(reportUrl!)
  context.log.mask(url.href)
  context.log.info(`Downloading report ${state.id} from ${url.origin}`)

  const response = await context.transport.download(
    {
      method: 'GET',
      url,
      headers: { accept: 'text/csv' },
      idempotent: true,
      secretQuery: true
    },
    body => writeFileAtomic(file, body)
  )
  if (response.status < 200 || response.status > 299) {
    throw new ReportError(
      `Downloading report ${state.id} from ${url.origin} answered HTTP ${response.status}. The signed link may have expired: run the step again to get a new one.`,
      state
    )
  }
  const { size } = await stat(file)
  context.log.info(`Wrote report ${state.id}, ${size} bytes, to ${file}`)
  return { ...state, file, bytes: size }
}

/** The signed link: https (http on loopback, for tests), no credentials. */
function parseReportUrl(state: ReportState, value: string | undefined): URL {
  const refuse = (problem: string) =>
    new ReportError(
      `Report ${state.id} is READY, but its report_url is ${problem}; it was not fetched.`,
      state
    )
  let url: URL
  try {
    url = new URL(value ?? '')
  } catch {
    throw refuse('missing or not a URL')
  }
  const secure =
    url.protocol === 'https:' ||
    (url.protocol === 'http:' && isLoopbackHost(url.hostname))
  if (!secure) throw refuse('not an https link')
  if (url.username || url.password) {
    throw refuse('a link with credentials in it')
  }
  return url
}

/**
 * The first rows of a CSV file, header first, for the job summary: read a
 * line at a time, so a large report is not loaded whole.
 */
export async function csvHead(
  file: string,
  rows = SUMMARY_ROWS + 1
): Promise<string[][]> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Infinity
  })
  const head: string[][] = []
  for await (const line of lines) {
    if (head.length >= rows) break
    if (line) head.push(parseCsvLine(line))
  }
  lines.close()
  return head
}

/** One CSV line (RFC 4180 quoting; a quoted line break is not supported). */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"'
        i++
      } else if (char === '"') quoted = false
      else cell += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      cells.push(cell)
      cell = ''
    } else cell += char
  }
  cells.push(cell)
  return cells
}

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
