/**
 * Where requests may go. The access token is only ever sent to the origin of
 * `api-base-url`, so every API URL is built here and checked against it.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]'])

/** Control characters (C0, DEL) and the backslash some servers read as `/`. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/

/** True for hosts that never leave the machine: tests and local fakes. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host)
}

/**
 * Parses a service URL (`token-url`, `api-base-url`): https, or http on a
 * loopback host, with no credentials, query or fragment.
 *
 * @returns the URL, or a sentence saying why it is refused
 */
export function parseServiceUrl(value: string): URL | string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'is not a URL; give an absolute https:// URL'
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'must use https:// (http:// is accepted only for loopback hosts such as 127.0.0.1)'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `must use https://, not ${url.protocol}`
  }
  if (url.username || url.password) {
    return 'must not hold credentials (user:password@)'
  }
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    return 'must not hold a query string or fragment'
  }
  return url
}

/**
 * Resolves an Ads API `path` against the base URL. A relative path, with or
 * without a leading `/`, lands under the base path; an absolute URL must be on
 * the base URL's origin (the quickstart's v2 URL is such a case).
 *
 * @returns the URL, or a sentence saying why the path is refused
 */
export function resolveApiUrl(base: URL, path: string): URL | string {
  if (UNSAFE_CHARACTERS.test(path)) {
    return 'must not contain control characters or backslashes'
  }
  if (path.includes('#')) {
    return 'must not contain a fragment (#)'
  }
  const elsewhere = `must be a path under ${base.href} or a URL on ${base.origin}`
  if (path.startsWith('//')) return elsewhere

  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(path)
  const [pathPart = '', query] = splitQuery(path)
  const dotProblem = checkSegments(pathPart)
  if (dotProblem) return dotProblem

  let url: URL
  try {
    url = absolute
      ? new URL(path)
      : new URL(pathPart.replace(/^\/+/, ''), withTrailingSlash(base))
  } catch {
    return 'is not a valid path or URL'
  }
  if (!absolute && query !== undefined) url.search = query

  if (url.username || url.password) {
    return `must not hold credentials (user@host); the access token is only sent to ${base.origin}`
  }
  // A scheme such as `javascript:` or `mailto:` has no origin to name.
  if (url.origin === 'null') return elsewhere
  if (url.origin !== base.origin) {
    return `is on ${url.origin}, but the access token is only sent to ${base.origin} (the origin of api-base-url)`
  }
  return url
}

function splitQuery(path: string): [string, string | undefined] {
  const at = path.indexOf('?')
  return at < 0 ? [path, undefined] : [path.slice(0, at), path.slice(at + 1)]
}

/**
 * Refuses `.` and `..` segments, raw or percent-encoded, and encoded slashes:
 * a URL parser or a server would resolve them to a path the user did not
 * write, possibly outside the API's base path.
 */
function checkSegments(pathPart: string): string | undefined {
  const afterOrigin = pathPart.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')
  for (const segment of afterOrigin.split('/')) {
    let decoded: string
    try {
      decoded = decodeURIComponent(segment)
    } catch {
      return 'has a malformed percent-encoding'
    }
    if (decoded === '.' || decoded === '..') {
      return 'must not contain "." or ".." segments'
    }
    if (decoded !== segment && /[/\\]/.test(decoded)) {
      return 'must not contain encoded slashes (%2F, %5C)'
    }
  }
  return undefined
}

function withTrailingSlash(base: URL): URL {
  const url = new URL(base.href)
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url
}

/**
 * What an error may repeat of a refused service URL: an http(s) URL's origin
 * and path, never its credentials, query or fragment. Of anything else,
 * nothing: `id:secret@host` parses as a URL of scheme `id:`, and a value
 * that is not a URL could be a secret pasted into the wrong input.
 */
export function describeRefusedUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'a value that is not a URL'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'a value that is not an http(s) URL'
  }
  return `'${url.origin}${url.pathname}'`
}

/** Origin and path of a URL: what logs and errors may show of it. */
export function describeTarget(url: URL): string {
  return `${url.origin}${url.pathname}`
}
