import * as workflow from './workflow.js'
import { readFile, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { apiError, callApi, type TokenSource } from './api.js'
import { messageOf } from './errors.js'
import { formatSeconds, Transport, type HttpResponse } from './http.js'
import { parseInputs, type ActionInputs, type ApiRequest } from './inputs.js'
import type { Log } from './log.js'
import { setOutputs } from './outputs.js'
import {
  detectShape,
  firstPageUrl,
  planDocument,
  singlePageStats,
  type DocumentStats,
  type PageFetcher
} from './paginate.js'
import { defaultResponseFile, writeFileAtomic } from './response-file.js'
import { checkAssertion, SelectError, selectResult } from './select.js'
import { formatBytes, writeSummary, type RunReport } from './summary.js'
import { refreshAccessToken, type AccessToken } from './token.js'
import { describeTarget } from './url.js'

export const USER_AGENT = 'spotify-ads-action/1.0'

/** The action's log: the runner's, with its masking. */
export const actionLog: Log = {
  debug: message => workflow.debug(message),
  info: message => workflow.info(message),
  warning: message => workflow.warning(message),
  mask: secret => workflow.setSecret(secret)
}

/**
 * The action's main job: mint an access token, then, when a path is given,
 * call the Ads API and keep the answer as a file and maybe an artifact.
 */
export async function run(): Promise<void> {
  // Masked before validation, so that no later line can show them.
  maskSecretInputs()
  const inputs = parseInputs(name => workflow.getInput(name))

  const report: RunReport = {}
  const transport = new Transport({
    timeoutMs: inputs.timeoutMs,
    maxRetries: inputs.maxRetries,
    log: actionLog,
    userAgent: USER_AGENT
  })
  try {
    await mintAndCall(inputs, transport, report)
  } catch (error) {
    report.failure = messageOf(error)
    throw error
  } finally {
    transport.close()
    if (inputs.summary) writeSummary(report)
  }
}

function maskSecretInputs(): void {
  for (const name of ['client-secret', 'refresh-token']) {
    const value = workflow.getInput(name)
    if (value) workflow.setSecret(value)
  }
}

async function mintAndCall(
  inputs: ActionInputs,
  transport: Transport,
  report: RunReport
): Promise<void> {
  const tokens = new ActionTokens(inputs, transport, report)
  await tokens.mint()

  const { request } = inputs
  if (!request) {
    workflow.info(
      'No path given: the step only minted an access token (output access-token).'
    )
    return
  }

  const fetch = (url: URL) =>
    callApi(
      transport,
      inputs.apiBaseUrl,
      { ...request, url },
      tokens,
      actionLog
    )
  const target = describeTarget(request.url)
  report.request = { method: request.method, target }
  const paginate = inputs.paging.paginate
  workflow.info(
    `Calling ${request.method} ${target}${paginate ? ', every page' : ''}`
  )
  const started = Date.now()
  const response = await fetch(paginate ? firstPageUrl(request) : request.url)
  report.status = response.status
  workflow.info(
    `HTTP ${response.status} in ${formatSeconds(Date.now() - started)}`
  )

  const responseFile = inputs.responseFile ?? defaultResponseFile(process.env)
  const kept = await keepResponse(
    inputs,
    request,
    response,
    responseFile,
    fetch
  )
  report.document = kept.stats
  report.responseFile = {
    path: responseFile,
    bytes: kept.bytes,
    json: kept.json
  }
  setOutputs({
    status: response.status,
    responseFile,
    pageCount: kept.stats?.pageCount,
    itemCount: kept.stats?.itemCount
  })
  if (paginate && kept.stats) {
    workflow.info(
      `Read ${kept.stats.pageCount} page(s) in ${formatSeconds(Date.now() - started)}${kept.stats.itemCount === undefined ? '' : `: ${kept.stats.itemCount} items`}`
    )
  }
  if (inputs.artifactName) {
    await uploadResponse(
      inputs.artifactName,
      responseFile,
      inputs.retentionDays,
      report
    )
  }

  if (response.status < 200 || response.status > 299) {
    const error = apiError(request, response)
    if (inputs.failOnHttpError) throw error
    workflow.warning(
      `${error.message}. The step stays green because fail-on-http-error is false; read the status output to act on it.`
    )
  }
  await selectAndAssert(inputs, kept, responseFile)
}

interface KeptResponse {
  bytes: number
  stats?: DocumentStats
  /** The parsed document, when it was parsed whole anyway. */
  document?: unknown
  json: boolean
}

/**
 * Writes the answer whole, whatever its status: as it came, or, with
 * paginate, as one document holding every page.
 */
async function keepResponse(
  inputs: ActionInputs,
  request: ApiRequest,
  response: HttpResponse,
  path: string,
  fetch: PageFetcher
): Promise<KeptResponse> {
  const page = parseJson(response.body)
  const ok = response.status >= 200 && response.status <= 299
  const shape = page.json ? detectShape(page.value) : undefined

  if (inputs.paging.paginate && ok && shape && shape.kind !== 'single') {
    const planned = planDocument(
      request,
      page.value as Record<string, unknown>,
      shape,
      inputs.paging,
      fetch,
      actionLog
    )
    await writeFileAtomic(path, planned.chunks())
    const { size } = await stat(path)
    workflow.info(`Wrote ${formatBytes(size)} to ${path}`)
    return { bytes: size, stats: planned.stats, json: true }
  }

  await writeFileAtomic(path, response.body)
  workflow.info(`Wrote ${formatBytes(response.body.length)} to ${path}`)
  if (!page.json && response.body.length > 0) {
    const type = response.headers['content-type'] ?? 'no content type'
    workflow.info(`The answer is not JSON (${type}); it is kept as it came.`)
  }
  return {
    bytes: response.body.length,
    stats: page.json ? singlePageStats(page.value) : undefined,
    document: page.value,
    json: page.json
  }
}

/** Evaluates `select` and `assert` over the document that was written. */
async function selectAndAssert(
  inputs: ActionInputs,
  kept: KeptResponse,
  responseFile: string
): Promise<void> {
  if (!inputs.select && !inputs.assert) return
  if (!kept.json) {
    throw new SelectError(
      `select and assert need a JSON answer, and the answer kept in ${responseFile} is not JSON.`
    )
  }
  // Note: only here is a paged document read whole into memory.
  const document: unknown =
    kept.document ?? JSON.parse(await readFile(responseFile, 'utf8'))
  if (inputs.select) {
    setOutputs({ result: selectResult(inputs.select, document, responseFile) })
  }
  if (inputs.assert) {
    checkAssertion(inputs.assert, document)
    workflow.info(`assert \`${inputs.assert}\` holds.`)
  }
}

/** Mints tokens and keeps the outputs in step with the newest one. */
class ActionTokens implements TokenSource {
  private token?: AccessToken
  private renewal?: Promise<void>

  constructor(
    private readonly inputs: ActionInputs,
    private readonly transport: Transport,
    private readonly report: RunReport
  ) {}

  current(): string {
    return this.token?.accessToken ?? ''
  }

  async renew(rejected: string): Promise<string> {
    if (this.current() !== rejected) return this.current()
    this.renewal ??= this.mint().finally(() => (this.renewal = undefined))
    await this.renewal
    return this.current()
  }

  /**
   * https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens
   */
  async mint(): Promise<void> {
    workflow.info(
      `Minting an access token at ${describeTarget(this.inputs.tokenUrl)}`
    )
    const token = await refreshAccessToken(
      this.transport,
      this.inputs.tokenUrl,
      this.inputs.credentials,
      actionLog
    )
    this.token = token
    const expiresAt = token.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z')
    setOutputs({
      accessToken: token.accessToken,
      tokenType: token.tokenType,
      expiresIn: token.expiresIn,
      expiresAt,
      scope: token.scope,
      refreshToken: token.refreshToken
    })
    const scope = token.scope ? ` (scope: ${token.scope})` : ''
    workflow.info(
      `Minted a ${token.tokenType} access token that expires at ${expiresAt}${scope}.`
    )

    if (token.refreshToken) {
      workflow.warning(
        'Spotify returned a new refresh token. It is in the refresh-token output (masked). Store it in the secret you pass as refresh-token (for example with `gh secret set SPOTIFY_REFRESH_TOKEN`), as the old one may stop working.'
      )
    }
    this.report.token = {
      expiresAt,
      scope: token.scope,
      rotated: Boolean(token.refreshToken || this.report.token?.rotated)
    }
  }
}

async function uploadResponse(
  name: string,
  file: string,
  retentionDays: number | undefined,
  report: RunReport
): Promise<void> {
  // Loaded here so that a token-only step never pays for the artifact client.
  const { uploadArtifact } = await import('./artifact.js')
  const upload = await uploadArtifact(
    name,
    [file],
    dirname(file),
    retentionDays
  )
  setOutputs({ artifactId: upload.id, artifactUrl: upload.url })
  report.artifact = { name, id: upload.id, url: upload.url }
}

function parseJson(body: Buffer): { json: boolean; value?: unknown } {
  try {
    return { json: true, value: JSON.parse(body.toString('utf8')) }
  } catch {
    return { json: false }
  }
}
