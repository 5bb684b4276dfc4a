import { describe, expect, it } from '@jest/globals'
import {
  describeTarget,
  isLoopbackHost,
  parseServiceUrl,
  resolveApiUrl
} from '../src/url.js'

const V3 = new URL('https://api-partner.spotify.com/ads/v3')

describe('resolveApiUrl', () => {
  it.each([
    ['businesses', 'https://api-partner.spotify.com/ads/v3/businesses'],
    [
      '/ad_accounts/x/campaigns',
      'https://api-partner.spotify.com/ads/v3/ad_accounts/x/campaigns'
    ],
    [
      'ad_accounts/x/campaigns/',
      'https://api-partner.spotify.com/ads/v3/ad_accounts/x/campaigns/'
    ],
    [
      'ad_accounts/x/aggregate_reports?fields=IMPRESSIONS&fields=CLICKS',
      'https://api-partner.spotify.com/ads/v3/ad_accounts/x/aggregate_reports?fields=IMPRESSIONS&fields=CLICKS'
    ],
    [
      '/businesses?name=a b',
      'https://api-partner.spotify.com/ads/v3/businesses?name=a%20b'
    ],
    ['?limit=5', 'https://api-partner.spotify.com/ads/v3/?limit=5'],
    ['ad accounts', 'https://api-partner.spotify.com/ads/v3/ad%20accounts'],
    [
      'https://api-partner.spotify.com/ads/v2/ad_accounts',
      'https://api-partner.spotify.com/ads/v2/ad_accounts'
    ],
    [
      'HTTPS://API-PARTNER.SPOTIFY.COM:443/ads/v2/ad_accounts?limit=5',
      'https://api-partner.spotify.com/ads/v2/ad_accounts?limit=5'
    ]
  ])('resolves %j to %s', (path, expected) => {
    const url = resolveApiUrl(V3, path)

    expect(url).toBeInstanceOf(URL)
    expect((url as URL).href).toBe(expected)
  })

  it('lands a relative path under a base URL that already ends in a slash', () => {
    const base = new URL('https://api-partner.spotify.com/ads/v3/')

    expect((resolveApiUrl(base, '/businesses') as URL).href).toBe(
      'https://api-partner.spotify.com/ads/v3/businesses'
    )
  })

  it.each([
    ['another origin', 'https://evil.example/x', 'is on https://evil.example'],
    [
      'the same host over http',
      'http://api-partner.spotify.com/ads/v3/x',
      'is on http://api-partner.spotify.com'
    ],
    [
      'a scheme-relative URL',
      '//evil.example/x',
      'must be a path under https://api-partner.spotify.com/ads/v3'
    ],
    [
      'a host hidden behind userinfo',
      'https://api-partner.spotify.com@evil.example/',
      'must not hold credentials'
    ],
    [
      'credentials on the right host',
      'https://user:pw@api-partner.spotify.com/ads/v3/x',
      'must not hold credentials'
    ],
    [
      'a special scheme without slashes',
      'https:evil.example/x',
      'is on https://evil.example'
    ],
    ['a ".." segment', 'businesses/../../v2/x', '"." or ".."'],
    ['a bare ".."', '..', '"." or ".."'],
    ['a "." segment', './businesses', '"." or ".."'],
    ['an encoded ".."', 'businesses/%2e%2E/x', '"." or ".."'],
    ['an encoded "."', 'businesses/%2E', '"." or ".."'],
    [
      'a ".." in an absolute URL',
      'https://api-partner.spotify.com/ads/v3/../v2/x',
      '"." or ".."'
    ],
    ['an encoded slash', 'ad_accounts%2Fx', 'encoded slashes'],
    ['an encoded backslash', 'ad_accounts%5cx', 'encoded slashes'],
    ['a backslash', 'ad_accounts\\x', 'backslashes'],
    ['a line feed', 'businesses\nx', 'control characters'],
    ['a tab', 'busi\tnesses', 'control characters'],
    ['a NUL', 'businesses\u0000', 'control characters'],
    ['a DEL', 'businesses\u007f', 'control characters'],
    ['a fragment', 'businesses#top', 'fragment'],
    ['a fragment in the query', 'businesses?a=1#top', 'fragment'],
    ['a malformed escape', 'businesses/%zz', 'malformed percent-encoding'],
    ['a truncated escape', 'businesses%', 'malformed percent-encoding'],
    [
      'an absolute URL that does not parse',
      'https://api partner/x',
      'is not a valid path or URL'
    ],
    [
      'a URL of a scheme without an origin',
      'javascript:alert(1)',
      `must be a path under ${V3.href} or a URL on ${V3.origin}`
    ]
  ])('refuses %s (%j)', (_case, path, reason) => {
    const refused = resolveApiUrl(V3, path)

    expect(typeof refused).toBe('string')
    expect(refused).toContain(reason)
  })

  it('names the only origin the token goes to when it refuses another one', () => {
    expect(resolveApiUrl(V3, 'https://evil.example/x')).toBe(
      'is on https://evil.example, but the access token is only sent to https://api-partner.spotify.com (the origin of api-base-url)'
    )
  })

  it('accepts http paths under a loopback base, for local fakes', () => {
    const local = new URL('http://127.0.0.1:8123/ads/v3')

    expect((resolveApiUrl(local, 'businesses') as URL).href).toBe(
      'http://127.0.0.1:8123/ads/v3/businesses'
    )
    expect(resolveApiUrl(local, 'http://127.0.0.1:9999/ads/v3')).toContain(
      'is on http://127.0.0.1:9999'
    )
  })
})

describe('parseServiceUrl', () => {
  it.each([
    [
      'https://accounts.spotify.com/api/token',
      'https://accounts.spotify.com/api/token'
    ],
    [
      'https://api-partner.spotify.com/ads/v2',
      'https://api-partner.spotify.com/ads/v2'
    ],
    ['http://127.0.0.1:8080/api/token', 'http://127.0.0.1:8080/api/token'],
    ['http://127.1/api/token', 'http://127.0.0.1/api/token'],
    ['http://localhost:3000/ads/v3', 'http://localhost:3000/ads/v3'],
    ['http://LOCALHOST/ads/v3', 'http://localhost/ads/v3'],
    ['http://[::1]:9000/ads/v3', 'http://[::1]:9000/ads/v3']
  ])('accepts %s', (value, expected) => {
    const url = parseServiceUrl(value)

    expect(url).toBeInstanceOf(URL)
    expect((url as URL).href).toBe(expected)
  })

  it.each([
    [
      'http:// on a public host',
      'http://accounts.spotify.com/api/token',
      'must use https://'
    ],
    [
      'http:// on a host that only starts like loopback',
      'http://127.0.0.1.nip.io/x',
      'must use https://'
    ],
    [
      'http:// on a subdomain named localhost',
      'http://localhost.evil.example/',
      'must use https://'
    ],
    ['another scheme', 'ftp://example.com/x', 'must use https://, not ftp:'],
    ['user and password', 'https://u:p@example.com/x', 'credentials'],
    ['a user name alone', 'https://u@example.com/x', 'credentials'],
    ['a query string', 'https://example.com/x?a=1', 'query string'],
    ['an empty query string', 'https://example.com/x?', 'query string'],
    ['a fragment', 'https://example.com/x#f', 'fragment'],
    ['an empty fragment', 'https://example.com/x#', 'fragment'],
    ['a relative path', '/api/token', 'is not a URL'],
    ['an empty value', '', 'is not a URL']
  ])('refuses %s', (_case, value, reason) => {
    const refused = parseServiceUrl(value)

    expect(typeof refused).toBe('string')
    expect(refused).toContain(reason)
  })

  it('does not repeat the password of a URL it refuses', () => {
    expect(parseServiceUrl('https://u:hunter2@example.com/x')).not.toContain(
      'hunter2'
    )
  })
})

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LocalHost', true],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['127.0.0.1.nip.io', false],
    ['localhost.evil.example', false],
    ['api-partner.spotify.com', false]
  ])('says %s is loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})

describe('describeTarget', () => {
  it.each([
    [
      'https://api-partner.spotify.com/ads/v3/businesses?limit=5&secret=x',
      'https://api-partner.spotify.com/ads/v3/businesses'
    ],
    ['http://127.0.0.1:8080/api/token', 'http://127.0.0.1:8080/api/token'],
    [
      'https://api-partner.spotify.com/ads/v3/x#part',
      'https://api-partner.spotify.com/ads/v3/x'
    ]
  ])('shows %s as %s, without query or fragment', (href, expected) => {
    expect(describeTarget(new URL(href))).toBe(expected)
  })
})
