/**
 * Whole lists and whole reports. The Ads API pages two ways:
 * - lists by offset: `limit` and `offset` in, `paging.total_results` out;
 * - reports by cursor: `continuation_token` out, sent alone for the next page
 *   until it comes back empty.
 * https://developer.spotify.com/documentation/ads-api/guides/pagination
 *
 * A paged document is streamed to its file page by page, so memory does not
 * grow with the number of items.
 */
import { apiError } from './api.js'
import type { HttpResponse } from './http.js'
import type { ApiRequest, PagingOptions } from './inputs.js'
import type { Log } from './log.js'

/** The page size sent when the query sets none: the API's maximum. */
export const DEFAULT_LIMIT = 50

/** Items kept in memory for the job summary. */
const FIRST_ITEMS = 10

/** Sends a GET to the Ads API, token, retries and renewal included. */
export type PageFetcher = (url: URL) => Promise<HttpResponse>

export type PagingKind = 'offset' | 'cursor' | 'single'

/** What is known of a document from its first page. */
export interface DocumentShape {
  kind: PagingKind
  /** The key that holds the list (`campaigns`, `rows`). */
  listKey?: string
}

/** Counts and a sample, for outputs and the job summary. */
export interface DocumentStats {
  shape: DocumentShape
  pageCount: number
  itemCount?: number
  firstItems: unknown[]
}

/** A list or report that does not fit in `max-pages`, or a broken page. */
export class PagingError extends Error {
  override readonly name = 'PagingError'
}

type JsonObject = Record<string, unknown>

/** Finds how a page pages: by offset, by cursor, or not at all. */
export function detectShape(page: unknown): DocumentShape {
  if (!isObject(page)) return { kind: 'single' }
  if (typeof page.continuation_token === 'string' && Array.isArray(page.rows)) {
    return { kind: 'cursor', listKey: 'rows' }
  }
  const listKey = Object.keys(page).find(key => Array.isArray(page[key]))
  if (!listKey) return { kind: 'single' }
  const paging = page.paging
  const offsetPaged =
    isObject(paging) && typeof paging.total_results === 'number'
  return { kind: offsetPaged ? 'offset' : 'single', listKey }
}

/** Stats of one page on its own, when nothing more is fetched. */
export function singlePageStats(page: unknown): DocumentStats {
  const shape = detectShape(page)
  const items =
    shape.listKey && isObject(page) ? (page[shape.listKey] as unknown[]) : []
  return {
    shape,
    pageCount: 1,
    itemCount: shape.listKey ? items.length : undefined,
    firstItems: items.slice(0, FIRST_ITEMS)
  }
}

/** The first page's URL: with `limit` when the query sets none. */
export function firstPageUrl(request: ApiRequest): URL {
  const url = new URL(request.url.href)
  if (!url.searchParams.has('limit')) {
    url.searchParams.set('limit', String(DEFAULT_LIMIT))
  }
  return url
}

/** A paged document, planned from its first page, ready to be streamed. */
export interface PagedDocument {
  stats: DocumentStats
  /** The whole document as JSON text, fetched and yielded page by page. */
  chunks(): AsyncGenerator<string>
}

/**
 * Plans the rest of a document from its first page. An offset list larger
 * than `max-pages` is refused here, before any further request.
 */
export function planDocument(
  request: ApiRequest,
  first: JsonObject,
  shape: DocumentShape,
  options: PagingOptions,
  fetchPage: PageFetcher,
  log: Log
): PagedDocument {
  const stats: DocumentStats = {
    shape,
    pageCount: 1,
    itemCount: 0,
    firstItems: []
  }
  const listKey = shape.listKey ?? ''
  const context = { request, first, listKey, options, fetchPage, log, stats }
  if (shape.kind === 'offset') {
    const offsets = remainingOffsets(request, first, options)
    return { stats, chunks: () => offsetDocument(context, offsets) }
  }
  return { stats, chunks: () => cursorDocument(context) }
}

interface DocumentContext {
  request: ApiRequest
  first: JsonObject
  listKey: string
  options: PagingOptions
  fetchPage: PageFetcher
  log: Log
  stats: DocumentStats
}

/** The offsets of every page after the first. */
function remainingOffsets(
  request: ApiRequest,
  first: JsonObject,
  options: PagingOptions
): number[] {
  const paging = first.paging as JsonObject
  const total = paging.total_results as number
  const limit = Number(firstPageUrl(request).searchParams.get('limit'))
  const start = Number(request.url.searchParams.get('offset') ?? 0)
  const offsets: number[] = []
  for (let offset = start + limit; offset < total; offset += limit) {
    offsets.push(offset)
  }
  const pages = offsets.length + 1
  if (pages > options.maxPages) {
    throw new PagingError(
      `The list holds ${total} items, ${pages} pages of ${limit}, more than max-pages (${options.maxPages}). Raise max-pages, or narrow the request with query parameters.`
    )
  }
  return offsets
}

/**
 * `{…other keys, "<list>": [every item], "paging": {…}}`. Pages after the
 * first are fetched `concurrency` at a time and written in API order.
 */
async function* offsetDocument(
  context: DocumentContext,
  offsets: number[]
): AsyncGenerator<string> {
  const { first, listKey, stats } = context
  yield `{${headFields(first, [listKey, 'paging'])}${JSON.stringify(listKey)}:[`
  yield items(first[listKey] as unknown[], stats)

  yield* inOrder(offsets, context, response => {
    const page = readPage(context.request, response)
    stats.pageCount++
    return items(listOf(page, listKey, stats.pageCount), stats)
  })

  const total = (first.paging as JsonObject).total_results
  if (total !== stats.itemCount) {
    context.log.warning(
      `Spotify reported ${String(total)} items but ${stats.itemCount} were read: the list changed while it was paged. Run the step again for a consistent copy.`
    )
  }
  const paging = {
    page_size: stats.itemCount,
    total_results: stats.itemCount,
    offset: 0,
    current_page: 1
  }
  yield `],"paging":${JSON.stringify(paging)}}`
}

/**
 * Fetches the pages at `offsets` with at most `concurrency` in flight, and
 * yields them in order, each turned into text by `turn`. Only that many
 * pages are held at once.
 *
 * Note: until its turn, a page is held as the bytes it came as, which live
 * outside the JavaScript heap; it is parsed only in its turn, and the parsed
 * page is dropped before its text is written. Parsed pages waiting in line
 * would survive garbage collections, and V8 grows its young generation, and
 * so the process, with what survives.
 */
async function* inOrder(
  offsets: number[],
  context: DocumentContext,
  turn: (response: HttpResponse) => string
): AsyncGenerator<string> {
  const { request, options, fetchPage } = context
  const inFlight: Promise<HttpResponse>[] = []
  let next = 0
  const launch = () => {
    if (next >= offsets.length) return
    const url = firstPageUrl(request)
    url.searchParams.set('offset', String(offsets[next++]))
    const response = fetchPage(url)
    // Note: a page that fails while an earlier one is awaited must not be
    // an unhandled rejection; it is awaited, and thrown, in its turn.
    response.catch(() => undefined)
    inFlight.push(response)
  }

  for (let i = 0; i < options.concurrency; i++) launch()
  while (inFlight.length > 0) {
    const text = turn(await inFlight.shift()!)
    launch()
    yield text
  }
}

/**
 * `{…other keys, "rows": [every row], "warnings": [...], "continuation_token": ""}`.
 * Each page after the first is asked for with its token alone.
 */
async function* cursorDocument(
  context: DocumentContext
): AsyncGenerator<string> {
  const { request, first, options, fetchPage, stats } = context
  const skip = ['rows', 'warnings', 'continuation_token']
  yield `{${headFields(first, skip)}"rows":[`
  yield items(first.rows as unknown[], stats)

  const warnings = new Map<string, unknown>()
  addWarnings(warnings, first.warnings)
  let token = first.continuation_token as string
  while (token) {
    if (stats.pageCount >= options.maxPages) {
      throw new PagingError(
        `The report has more than max-pages (${options.maxPages}) pages. Raise max-pages, or narrow the report (a shorter date range, fewer entities).`
      )
    }
    const url = new URL(request.url.pathname, request.url.origin)
    url.searchParams.set('continuation_token', token)
    const page = cursorPage(request, await fetchPage(url), stats, warnings)
    token = page.token
    yield page.text
  }
  const allWarnings = JSON.stringify([...warnings.values()])
  yield `],"warnings":${allWarnings},"continuation_token":""}`
}

/**
 * A report page after the first, read in one go: its rows as text, its
 * warnings kept, and the token of the next page. The parsed page is not
 * held while its text is written.
 */
function cursorPage(
  request: ApiRequest,
  response: HttpResponse,
  stats: DocumentStats,
  warnings: Map<string, unknown>
): { text: string; token: string } {
  const page = readPage(request, response)
  stats.pageCount++
  const text = items(listOf(page, 'rows', stats.pageCount), stats)
  addWarnings(warnings, (page as JsonObject).warnings)
  const nextToken = (page as JsonObject).continuation_token
  return { text, token: typeof nextToken === 'string' ? nextToken : '' }
}

/** The first page's other fields, as `"key":value,` text. */
function headFields(first: JsonObject, skip: string[]): string {
  return Object.entries(first)
    .filter(([key]) => !skip.includes(key))
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)},`)
    .join('')
}

/** A page's items as JSON text, with the comma that joins it to the last. */
function items(list: unknown[], stats: DocumentStats): string {
  if (list.length === 0) return ''
  // One string a page, not one an item: less garbage to collect.
  const text = JSON.stringify(list).slice(1, -1)
  const separator = stats.itemCount ? ',' : ''
  for (const item of list) {
    if (stats.firstItems.length >= FIRST_ITEMS) break
    stats.firstItems.push(item)
  }
  stats.itemCount = (stats.itemCount ?? 0) + list.length
  return separator + text
}

function readPage(request: ApiRequest, response: HttpResponse): unknown {
  if (response.status < 200 || response.status > 299) {
    throw apiError({ ...request, method: 'GET' }, response)
  }
  try {
    return JSON.parse(response.body.toString('utf8'))
  } catch {
    throw new PagingError(
      `A page of ${request.url.origin}${request.url.pathname} is not JSON (${response.body.length} bytes); the list cannot be assembled. Try again; if it lasts, page by hand without paginate.`
    )
  }
}

function listOf(page: unknown, key: string, pageNumber: number): unknown[] {
  const list = isObject(page) ? page[key] : undefined
  if (!Array.isArray(list)) {
    throw new PagingError(
      `Page ${pageNumber} has no "${key}" list like the first page had; the list cannot be assembled.`
    )
  }
  return list
}

/** Keeps each distinct warning once, as the pages gave it. */
function addWarnings(warnings: Map<string, unknown>, value: unknown): void {
  if (!Array.isArray(value)) return
  for (const warning of value) warnings.set(JSON.stringify(warning), warning)
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
