/**
 * One Ads API request, as the action and the command line both make it:
 * the answer as it came or, with paginate, every page as one document,
 * handed to a sink (a file, standard output), then `select` and `assert`.
 */
import { callApi, type TokenSource } from './api.js'
import { SelectError, checkAssertion, selectResult } from './select.js'
import { formatSeconds, type HttpResponse, type Transport } from './http.js'
import type { ApiRequest, PagingOptions } from './inputs.js'
import type { Log } from './log.js'
import {
  detectShape,
  firstPageUrl,
  planDocument,
  singlePageStats,
  type DocumentStats,
  type PageFetcher
} from './paginate.js'
import type { FileContent } from './response-file.js'
import { describeTarget } from './url.js'

/** What a request to the Ads API needs. */
export interface ApiContext {
  transport: Transport
  apiBaseUrl: URL
  tokens: TokenSource
  log: Log
}

/** Takes a whole document and says how many bytes it was. */
export type DocumentSink = (content: FileContent) => Promise<number>

export interface FetchedDocument {
  /** The first (or only) answer. */
  response: HttpResponse
  ok: boolean
  json: boolean
  bytes: number
  stats?: DocumentStats
  /** The parsed answer, when it was a single page. */
  parsed?: unknown
}

/**
 * Sends the request and hands what came to `sink`, whatever the status:
 * an error body is kept too. With paginate, a list or report is fetched
 * page by page and streamed to the sink as one document.
 */
export async function fetchDocument(
  context: ApiContext,
  request: ApiRequest,
  paging: PagingOptions,
  sink: DocumentSink
): Promise<FetchedDocument> {
  const { log } = context
  const fetchPage: PageFetcher = url =>
    callApi(
      context.transport,
      context.apiBaseUrl,
      { ...request, url },
      context.tokens,
      log
    )
  const every = paging.paginate ? ', every page' : ''
  log.info(`Calling ${request.method} ${describeTarget(request.url)}${every}`)
  const started = Date.now()
  const response = await fetchPage(
    paging.paginate ? firstPageUrl(request) : request.url
  )
  log.info(`HTTP ${response.status} in ${formatSeconds(Date.now() - started)}`)

  const ok = response.status >= 200 && response.status <= 299
  const page = parseJson(response.body)
  const shape = page.json ? detectShape(page.value) : undefined
  if (paging.paginate && ok && shape && shape.kind !== 'single') {
    const planned = planDocument(
      request,
      page.value as Record<string, unknown>,
      shape,
      paging,
      fetchPage,
      log
    )
    const bytes = await sink(planned.chunks())
    const { pageCount, itemCount } = planned.stats
    log.info(
      `Read ${itemCount ?? 0} items in ${pageCount} page(s) in ${formatSeconds(Date.now() - started)}`
    )
    return { response, ok, json: true, bytes, stats: planned.stats }
  }

  const bytes = await sink(response.body)
  if (!page.json && response.body.length > 0) {
    const type = response.headers['content-type'] ?? 'no content type'
    log.info(`The answer is not JSON (${type}); it is kept as it came.`)
  }
  return {
    response,
    ok,
    json: page.json,
    bytes,
    stats: page.json ? singlePageStats(page.value) : undefined,
    parsed: page.value
  }
}

/**
 * Applies `select` and `assert` to a fetched document. A paged document is
 * read back whole, through `readWhole`, only here.
 *
 * @returns the JSON of `select`, when there is one
 */
export async function applyExpressions(
  expressions: { select?: string; assert?: string },
  fetched: FetchedDocument,
  readWhole: () => Promise<string>,
  where: string
): Promise<string | undefined> {
  const { select, assert } = expressions
  if (!select && !assert) return undefined
  if (!fetched.json) {
    throw new SelectError(
      `select and assert need a JSON answer, and the answer kept in ${where} is not JSON.`
    )
  }
  const document: unknown =
    fetched.parsed ?? (JSON.parse(await readWhole()) as unknown)
  const result = select ? selectResult(select, document, where) : undefined
  if (assert) checkAssertion(assert, document)
  return result
}

function parseJson(body: Buffer): { json: boolean; value?: unknown } {
  try {
    return { json: true, value: JSON.parse(body.toString('utf8')) }
  } catch {
    return { json: false }
  }
}
