/**
 * The loopback server that receives Spotify's redirect after the person
 * agrees (or declines) in the browser. It answers one callback, checks its
 * `state` before anything else, and only then exchanges the code.
 * https://developer.spotify.com/documentation/web-api/tutorials/code-flow
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import { formatSeconds } from '../http.js'
import { messageOf } from '../errors.js'
import { AuthorizeError } from './errors.js'

export interface CallbackOptions<T> {
  /** Where to listen: its host, port and path. */
  redirectUri: URL
  /** The `state` sent to /authorize; the callback must carry it back. */
  state: string
  /** How long to wait for the callback, from the moment of listening. */
  timeoutMs: number
  /** Turns the code into the result; runs at most once. */
  exchange(code: string): Promise<T>
}

export interface CallbackServer<T> {
  /** The exchange's result, or why there is none. Settles once. */
  readonly result: Promise<T>
  /** Stops listening; safe to call more than once. */
  close(): void
}

/** What a callback's query says, read before any network call. */
export type Callback =
  | { code: string }
  | { refusal: AuthorizeError; status: number; title: string; text: string }

/**
 * Listens on the redirect URI's host and port. Rejects with an
 * `AuthorizeError` when the port is taken, so that no URL is printed that
 * could never come back.
 */
export async function listenForCallback<T>(
  options: CallbackOptions<T>
): Promise<CallbackServer<T>> {
  const server = http.createServer()
  await listen(server, options.redirectUri)
  return new LoopbackCallback(server, options)
}

type Outcome<T> = { value: T } | Error

class LoopbackCallback<T> implements CallbackServer<T> {
  readonly result: Promise<T>
  private settle: (outcome: Outcome<T>) => void = () => undefined
  /** Set by the first callback, or by the timeout: nothing else is taken. */
  private handled = false
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly server: http.Server,
    private readonly options: CallbackOptions<T>
  ) {
    this.result = new Promise<T>((resolve, reject) => {
      this.settle = outcome =>
        outcome instanceof Error ? reject(outcome) : resolve(outcome.value)
    })
    // Nobody may be awaiting yet (the browser is still opening): not unhandled.
    this.result.catch(() => undefined)
    this.timer = setTimeout(() => this.giveUp(), options.timeoutMs)
    server.on(
      'request',
      (req: http.IncomingMessage, res: http.ServerResponse) =>
        this.answer(req, res)
    )
  }

  close(): void {
    stopServer(this.server)
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = requestUrl(req, this.options.redirectUri)
    if (url?.pathname !== this.options.redirectUri.pathname) {
      return page(
        res,
        404,
        'Nothing here',
        'spotify-ads is waiting for Spotify at another path.'
      )
    }
    if (req.method !== 'GET') {
      return page(
        res,
        405,
        'Method not allowed',
        'Spotify sends the browser here with GET.'
      )
    }
    if (this.handled) {
      return page(
        res,
        409,
        'Already handled',
        'This authorization has been handled already. You can close this tab.'
      )
    }
    // One callback only, and no timeout once it is in: the exchange has its own.
    this.handled = true
    clearTimeout(this.timer)
    void this.exchange(url.searchParams, res)
  }

  private async exchange(
    query: URLSearchParams,
    res: http.ServerResponse
  ): Promise<void> {
    const callback = readCallback(query, this.options.state)
    if ('refusal' in callback) {
      const { status, title, text, refusal } = callback
      return page(res, status, title, text, () => this.finish(refusal))
    }

    let outcome: Outcome<T>
    try {
      outcome = { value: await this.options.exchange(callback.code) }
    } catch (error) {
      outcome = error instanceof Error ? error : new Error(messageOf(error))
    }
    if (outcome instanceof Error) {
      page(
        res,
        502,
        'No token',
        'Spotify did not issue a token. The terminal says why.',
        () => this.finish(outcome)
      )
    } else {
      page(
        res,
        200,
        'Authorized',
        'spotify-ads has the refresh token. You can close this tab and go back to the terminal.',
        () => this.finish(outcome)
      )
    }
  }

  private giveUp(): void {
    this.handled = true
    this.finish(timeoutError(this.options))
  }

  private finish(outcome: Outcome<T>): void {
    clearTimeout(this.timer)
    this.close()
    this.settle(outcome)
  }
}

/**
 * Reads the callback's query. The state is checked first: a callback that
 * does not carry the state this run sent did not come from its
 * authorization (it may be forged), and its code must never be exchanged.
 */
export function readCallback(query: URLSearchParams, state: string): Callback {
  const received = query.get('state')
  if (received === null || !sameState(received, state)) {
    const what =
      received === null
        ? 'carries no state'
        : 'carries a state that does not match the one this run sent'
    return refusal(
      400,
      'Wrong state',
      `The redirect ${what}, so it did not come from the authorization spotify-ads started. Nothing was exchanged. Run spotify-ads authorize again, and open only the URL it prints.`
    )
  }

  const error = query.get('error')
  if (error === 'access_denied') {
    return refusal(
      403,
      'Not authorized',
      'Access was declined on Spotify\u2019s consent page (error=access_denied), so Spotify issued no token. Run spotify-ads authorize again and agree, if that was a mistake.'
    )
  }
  if (error !== null) {
    return refusal(
      400,
      'Not authorized',
      `Spotify did not authorize the app: error=${printable(error)}. Run spotify-ads authorize again.`
    )
  }

  const code = query.get('code')
  if (!code) {
    return refusal(
      400,
      'No code',
      'The redirect carries neither a code nor an error, so there is nothing to exchange. Run spotify-ads authorize again.'
    )
  }
  return { code }
}

/** Compares states in constant time, whatever their lengths. */
export function sameState(received: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(received), digest(expected))
}

function refusal(status: number, title: string, text: string): Callback {
  return { refusal: new AuthorizeError(text), status, title, text }
}

function timeoutError<T>(options: CallbackOptions<T>): AuthorizeError {
  return new AuthorizeError(
    `No answer from the browser within ${formatSeconds(options.timeoutMs)}. If Spotify showed an error page (INVALID_CLIENT: Invalid client, or Invalid redirect URI), check the client id, and that ${options.redirectUri.href} is a redirect URI in your app's settings on the developer dashboard. Then run spotify-ads authorize again.`
  )
}

function listen(server: http.Server, redirectUri: URL): Promise<void> {
  const host = redirectUri.hostname.replace(/^\[(.*)\]$/, '$1')
  const port = Number(redirectUri.port || 80)
  return new Promise((resolve, reject) => {
    server.once('error', error => reject(listenError(error, host, port)))
    server.listen(port, host, () => resolve())
  })
}

function listenError(error: Error, host: string, port: number): AuthorizeError {
  const code = (error as NodeJS.ErrnoException).code
  const alternative =
    'pass another loopback redirect URI with --redirect-uri, e.g. http://127.0.0.1:8888/callback (Spotify accepts any port when the redirect URI in your app\u2019s settings has none; otherwise add the new one there)'
  if (code === 'EADDRINUSE') {
    return new AuthorizeError(
      `Port ${port} on ${host} is in use by another program, so the browser could not come back here. Stop that program, or ${alternative}.`
    )
  }
  if (code === 'EACCES') {
    return new AuthorizeError(
      `Listening on port ${port} of ${host} needs privileges this user does not have; ${alternative}.`
    )
  }
  return new AuthorizeError(
    `Cannot listen on ${host} port ${port}: ${error.message}; ${alternative}.`
  )
}

function stopServer(server: http.Server): void {
  if (!server.listening) return
  server.close()
  server.closeIdleConnections()
  // A browser may hold a pre-connected socket open; do not wait for it.
  setTimeout(() => server.closeAllConnections(), 1000).unref()
}

function requestUrl(req: http.IncomingMessage, base: URL): URL | undefined {
  try {
    return new URL(req.url ?? '/', base)
  } catch {
    return undefined
  }
}

function page(
  res: http.ServerResponse,
  status: number,
  title: string,
  text: string,
  done?: () => void
): void {
  const body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>spotify-ads: ${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3em; max-width: 40em">
<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>
`
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The callback URL holds the code: never send it on as a referrer.
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    connection: 'close'
  })
  if (done) res.once('finish', done)
  res.end(body)
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}

/** A value from the browser, safe to show on a terminal. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/[\u0000-\u001f\u007f]/g, '?')
  return plain.length > 100 ? `${plain.slice(0, 100)}…` : plain
}
