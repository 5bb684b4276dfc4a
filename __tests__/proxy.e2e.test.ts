/**
 * HTTPS_PROXY and NO_PROXY, end to end: the bundle reaches an https host
 * that only exists behind a fake proxy.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startFakeProxy, type FakeProxy } from '../fake/proxy.js'
import { RUNTIMES, runAction } from '../fake/runner.js'
import { startFakeSpotify, type FakeSpotify } from '../fake/spotify.js'
import { expectNoSecretLeak, fakeSecrets } from './helpers/secrets.js'

const HOST = 'spotify.test'

describe.each(RUNTIMES)(
  'the bundled action behind a proxy on $name',
  runtime => {
    let spotify: FakeSpotify
    let proxy: FakeProxy

    beforeEach(async () => {
      spotify = await startFakeSpotify()
      proxy = await startFakeProxy(HOST, spotify.url)
    })

    afterEach(async () => {
      await proxy.close()
      await spotify.close()
    })

    async function run(env: Record<string, string>) {
      const result = await runAction({
        runtime,
        inputs: {
          'client-id': spotify.clientId,
          'client-secret': spotify.clientSecret,
          'refresh-token': spotify.refreshToken,
          'token-url': `https://${HOST}/api/token`,
          'api-base-url': `https://${HOST}/ads/v3`,
          path: 'businesses'
        },
        env: { NODE_EXTRA_CA_CERTS: proxy.caFile, ...env }
      })
      expectNoSecretLeak(result, fakeSecrets(spotify))
      return result
    }

    it('sends the token and API requests through HTTPS_PROXY', async () => {
      const result = await run({ HTTPS_PROXY: proxy.url })

      expect(result.code).toBe(0)
      expect(result.outputs.status).toBe('200')
      expect(proxy.connects.length).toBeGreaterThanOrEqual(1)
      expect(new Set(proxy.connects)).toEqual(new Set([`${HOST}:443`]))
      expect(spotify.requests.map(request => request.path)).toEqual([
        '/api/token',
        '/ads/v3/businesses'
      ])
    })

    it('goes direct for a host NO_PROXY names', async () => {
      const result = await run({
        HTTPS_PROXY: proxy.url,
        NO_PROXY: `example.com,${HOST}`,
        'INPUT_MAX-RETRIES': '0'
      })

      expect(result.code).toBe(1)
      expect(proxy.connects).toEqual([])
      expect(result.stdout).toMatch(
        /::error::.*host name (was not found|could not be resolved)/
      )
    })
  }
)
