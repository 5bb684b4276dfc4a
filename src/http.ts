import http, {
  type Agent,
  type IncomingHttpHeaders,
  type IncomingMessage
} from 'node:http'
import https from 'node:https'
import { isNativeError } from 'node:util/types'
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import tunnel from 'tunnel'
import { NetworkError } from './errors.js'
import { redactHeaders, type Log } from './log.js'
import { describeTarget } from './url.js'

/** The statuses a server sends when trying again later may work. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504])

/** Errors that mean the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH'])

/** The longest `Retry-After` we are willing to wait, in seconds. */
export const MAX_RETRY_AFTER_SECONDS = 60

const BACKOFF_BASE_MS = 500
const BACKOFF_CEILING_MS = 20_000

export interface HttpRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body?: string
  /**
   * Whether the request may be sent again when its answer was lost or was
   * a 5xx. A 429 is always retried: the server says it did not act on it.
   */
  idempotent: boolean
  /** The query is a credential (a signed link): debug lines leave it out. */
  secretQuery?: boolean
}

/** Takes a 2xx body as it streams in; may be called again on a retry. */
export type BodyConsumer = (body: AsyncIterable<Buffer>) => Promise<void>

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  /** Set when the transport stopped retrying early, saying why. */
  gaveUp?: string
}

export interface TransportOptions {
  timeoutMs: number
  maxRetries: number
  log: Log
  userAgent: string
  /** Waits between attempts; replaced in tests to avoid real sleeps. */
  sleep?: (ms: number) => Promise<void>
}

/**
 * Sends requests with a deadline, retries transient failures with
 * exponential backoff and jitter, and honours `Retry-After` up to a cap.
 *
 * Note: redirects are never followed here. The Ads API does not redirect,
 * and following one could carry the bearer token to another host.
 */
export class Transport {
  private readonly sleep: (ms: number) => Promise<void>
  /** Kept-alive connections, one pool per protocol and proxy. */
  private readonly agents = new Map<string, Agent>()
  /** A 429 pauses every request of this transport, not just its own. */
  private pausedUntil = 0

  constructor(private readonly options: TransportOptions) {
    this.sleep = options.sleep ?? delay
  }

  /** Sends a request, retrying what may be retried; never throws for a status. */
  send(request: HttpRequest): Promise<HttpResponse> {
    return this.exchange(request)
  }

  /**
   * Like `send`, but a 2xx body streams into `consume` instead of memory
   * (its `body` comes back empty). Between chunks, the timeout is an idle
   * timeout, so a large download may take longer than `timeoutMs` in all.
   */
  download(request: HttpRequest, consume: BodyConsumer): Promise<HttpResponse> {
    return this.exchange(request, consume)
  }

  private async exchange(
    request: HttpRequest,
    consume?: BodyConsumer
  ): Promise<HttpResponse> {
    const attempts = this.options.maxRetries + 1
    for (let attempt = 1; ; attempt++) {
      await this.waitForPause()

      const outcome = await this.attempt(request, consume)
      const retry = this.retryDecision(request, outcome, attempt, attempts)
      if (!retry.again) {
        if ('error' in outcome) {
          throw this.networkError(request, outcome.error, attempt)
        }
        return retry.gaveUp ? { ...outcome, gaveUp: retry.gaveUp } : outcome
      }

      this.options.log.info(
        `Retrying ${request.method} ${describeTarget(request.url)} in ${formatSeconds(retry.waitMs)} (attempt ${attempt + 1} of ${attempts}): ${retry.reason}`
      )
      await this.sleep(retry.waitMs)
    }
  }

  /** Closes kept-alive connections so the process can exit. */
  close(): void {
    // Note: tunnel's agents keep no idle sockets, and have no destroy().
    for (const agent of this.agents.values()) {
      ;(agent as Partial<Agent>).destroy?.()
    }
    this.agents.clear()
  }

  private async attempt(
    request: HttpRequest,
    consume?: BodyConsumer
  ): Promise<Outcome> {
    const { timeoutMs } = this.options
    const abort = new AbortController()
    let timer = setTimeout(
      () => abort.abort(new TimeoutError(timeoutMs)),
      timeoutMs
    )
    const shown = request.secretQuery
      ? describeTarget(request.url)
      : request.url.href
    this.options.log.debug(
      `${request.method} ${shown} ${JSON.stringify(redactHeaders(request.headers))}`
    )
    try {
      const message = await this.open(request, abort.signal)
      const status = message.statusCode ?? 0
      if (consume && status >= 200 && status <= 299) {
        clearTimeout(timer)
        const idle = () => abort.abort(new TimeoutError(timeoutMs))
        timer = setTimeout(idle, timeoutMs)
        await consumeBody(message, consume, () => timer.refresh())
        this.options.log.debug(`HTTP ${status}, streamed`)
        return { status, headers: message.headers, body: Buffer.alloc(0) }
      }
      const body = await readBody(message)
      this.options.log.debug(`HTTP ${status}, ${body.length} bytes`)
      return { status, headers: message.headers, body }
    } catch (error) {
      if (error instanceof ConsumerFailure) throw error.cause
      const reason: unknown = abort.signal.reason
      return {
        error: reason instanceof TimeoutError ? reason : toError(error)
      }
    } finally {
      clearTimeout(timer)
    }
  }

  /** Sends the request and resolves with the answer's head. */
  private open(
    request: HttpRequest,
    signal: AbortSignal
  ): Promise<IncomingMessage> {
    const { url, body } = request
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      ...request.headers
    }
    if (body !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(body))
    }
    const client = url.protocol === 'https:' ? https : http
    return new Promise((resolve, reject) => {
      const outgoing = client.request(
        url,
        { method: request.method, headers, agent: this.agentFor(url), signal },
        resolve
      )
      outgoing.on('error', reject)
      outgoing.end(body)
    })
  }

  /**
   * A kept-alive agent for the URL, or a tunnel through the proxy that
   * `HTTPS_PROXY`/`HTTP_PROXY` name for it, unless `NO_PROXY` (or a loopback
   * host) says otherwise: the rules of `@actions/http-client`.
   */
  private agentFor(url: URL): Agent {
    const proxy = getProxyUrl(url)
    const key = `${url.protocol} ${proxy?.href ?? ''}`
    let agent = this.agents.get(key)
    if (!agent) {
      agent = proxy ? tunnelAgent(url, proxy) : directAgent(url)
      this.agents.set(key, agent)
    }
    return agent
  }

  private retryDecision(
    request: HttpRequest,
    outcome: Outcome,
    attempt: number,
    attempts: number
  ): RetryDecision {
    if ('error' in outcome) {
      const { error } = outcome
      const retryable = request.idempotent || NOT_SENT_CODES.has(codeOf(error))
      if (!retryable || attempt >= attempts) return { again: false }
      return again(backoff(attempt), describeNetworkError(error))
    }

    const { status } = outcome
    if (!RETRYABLE_STATUSES.has(status)) return { again: false }
    if (status !== 429 && !request.idempotent) return { again: false }

    const retryAfter = parseRetryAfter(outcome.headers['retry-after'])
    if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_SECONDS) {
      return {
        again: false,
        gaveUp: `Spotify asked to wait ${formatSeconds(retryAfter * 1000)} (Retry-After: ${retryAfter}) before trying again, longer than the ${MAX_RETRY_AFTER_SECONDS} s this action waits; run the job again later`
      }
    }
    if (attempt >= attempts) {
      return attempts > 1
        ? { again: false, gaveUp: `gave up after ${attempts} attempts` }
        : { again: false }
    }

    const waitMs =
      retryAfter !== undefined ? retryAfter * 1000 : backoff(attempt)
    if (status === 429) this.pausedUntil = Date.now() + waitMs
    return again(waitMs, `HTTP ${status}`)
  }

  private async waitForPause(): Promise<void> {
    const remaining = this.pausedUntil - Date.now()
    if (remaining > 0) await this.sleep(remaining)
  }

  private networkError(
    request: HttpRequest,
    error: Error,
    attempts: number
  ): NetworkError {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
    const notRetried =
      attempts === 1 && !request.idempotent
        ? ` (${request.method} is not retried once sent: it may have been carried out)`
        : ''
    return new NetworkError(
      `${request.method} ${describeTarget(request.url)} failed${tries}: ${describeNetworkError(error)}${notRetried}`
    )
  }
}

/** What one attempt gave: an answer, or the reason there was none. */
type Outcome = HttpResponse | { error: Error }

type RetryDecision =
  | { again: false; gaveUp?: string }
  | { again: true; waitMs: number; reason: string }

function again(waitMs: number, reason: string): RetryDecision {
  return { again: true, waitMs, reason }
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError'
  constructor(readonly ms: number) {
    super(`timed out after ${formatSeconds(ms)}`)
  }
}

function directAgent(url: URL): Agent {
  const options = { keepAlive: true }
  return url.protocol === 'https:'
    ? new https.Agent(options)
    : new http.Agent(options)
}

function tunnelAgent(url: URL, proxy: URL): Agent {
  const auth =
    proxy.username || proxy.password
      ? { proxyAuth: `${proxy.username}:${proxy.password}` }
      : {}
  const options = {
    proxy: {
      host: proxy.hostname,
      port: Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80),
      ...auth
    }
  }
  const overHttps = proxy.protocol === 'https:'
  if (url.protocol === 'https:') {
    return overHttps
      ? tunnel.httpsOverHttps(options)
      : tunnel.httpsOverHttp(options)
  }
  return overHttps
    ? tunnel.httpOverHttps(options)
    : tunnel.httpOverHttp(options)
}

/** An error of the consumer itself (a file it could not write). */
class ConsumerFailure extends Error {
  override readonly name = 'ConsumerFailure'
  constructor(override readonly cause: unknown) {
    super('the body could not be consumed')
  }
}

/**
 * Hands the body to `consume`. A failure of the connection comes out as it
 * is, to be retried like any other; a failure of the consumer's own (a disk
 * that is full) comes out as a `ConsumerFailure`: sending the request again
 * would not mend it.
 */
async function consumeBody(
  message: IncomingMessage,
  consume: BodyConsumer,
  onChunk: () => void
): Promise<void> {
  let connectionFailed = false
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of message) {
        onChunk()
        yield chunk as Buffer
      }
    } catch (error) {
      connectionFailed = true
      throw cutShort(message, error)
    }
    if (!message.complete) {
      connectionFailed = true
      throw cutShort(message)
    }
  }
  try {
    await consume(chunks())
  } catch (error) {
    throw connectionFailed ? error : new ConsumerFailure(error)
  }
}

/** Reads a whole body; a connection that closes early rejects. */
async function readBody(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  try {
    for await (const chunk of message) chunks.push(chunk as Buffer)
  } catch (error) {
    throw cutShort(message, error)
  }
  if (!message.complete) throw cutShort(message)
  return Buffer.concat(chunks)
}

/**
 * Node reports a body cut short as a reset (`aborted`, ECONNRESET), though
 * the answer had begun: say what happened instead.
 */
function cutShort(message: IncomingMessage, cause?: unknown): Error {
  if (message.complete) return toError(cause)
  return new Error('the connection closed before the whole answer arrived', {
    cause
  })
}

/** `Retry-After` in seconds, from a number of seconds or an HTTP date. */
export function parseRetryAfter(
  value: string | string[] | undefined
): number | undefined {
  const text = Array.isArray(value) ? value[0] : value
  if (!text?.trim()) return undefined
  if (/^\d+$/.test(text.trim())) return Number(text.trim())
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

/** Exponential backoff with jitter: half the step, plus up to the other half. */
export function backoff(attempt: number, random = Math.random): number {
  const step = Math.min(
    BACKOFF_CEILING_MS,
    BACKOFF_BASE_MS * 2 ** (attempt - 1)
  )
  return Math.round(step / 2 + random() * (step / 2))
}

function describeNetworkError(error: Error): string {
  if (error instanceof TimeoutError) return error.message
  const code = codeOf(error)
  const known: Record<string, string> = {
    ECONNRESET: 'the connection was reset',
    ECONNREFUSED: 'the connection was refused',
    ENOTFOUND: 'the host name was not found',
    EAI_AGAIN: 'the host name could not be resolved',
    ETIMEDOUT: 'the connection timed out',
    EPIPE: 'the connection closed while sending',
    ECONNABORTED: 'the connection was aborted'
  }
  return known[code] ?? (error.message || error.name)
}

function codeOf(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code
  return typeof code === 'string' ? code : ''
}

function toError(error: unknown): Error {
  return isNativeError(error) || error instanceof Error
    ? error
    : new Error(String(error))
}

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = ms / 1000
  if (seconds < 10) return `${Number(seconds.toFixed(1))} s`
  if (seconds < 120) return `${Math.round(seconds)} s`
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`
  return `${Number((seconds / 3600).toFixed(1))} h`
}
