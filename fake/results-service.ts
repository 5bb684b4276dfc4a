/**
 * A loopback stand-in for GitHub's artifact results service, good enough for
 * `@actions/artifact` to upload for real: the Twirp calls `CreateArtifact`
 * and `FinalizeArtifact`, and the Azure block-blob PUTs that the signed upload
 * URL receives (`comp=block` for each block, `comp=blocklist` to commit).
 *
 * It answers the way the real services do where that matters to a client:
 * Twirp errors are JSON `{ code, msg }` with the status Twirp maps the code
 * to, storage errors are XML `<Error><Code/><Message/></Error>` with an
 * `x-ms-error-code` header, and a second artifact of the same name in one run
 * is refused with 409 `already_exists`, as GitHub does since artifacts v4.
 */
import { randomBytes } from 'node:crypto'
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { inflateRawSync } from 'node:zlib'

export interface FakeResultsOptions {
  /** 0 or absent: any free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
}

export interface StoredArtifact {
  id: number
  name: string
  /** The size FinalizeArtifact reported, or the committed zip's length. */
  size: number
  /** The committed blob: the zip the client built. */
  zip: Buffer
  /** Whole days between CreateArtifact and the `expires_at` it asked for. */
  retentionDays?: number
  finalized: boolean
}

/**
 * Makes one step answer an error status. `upload` covers every PUT the signed
 * URL receives.
 *
 * Note: the default status, 403, is one neither client retries. The Twirp
 * client retries 429, 500, 502, 503 and 504 up to 5 times from 3 s apart, with
 * no way to shorten that from outside; the storage client retries 500 and 503
 * (the first retry at once, then after 4 s and 12 s).
 */
export interface ResultsFault {
  step: 'create' | 'upload' | 'finalize'
  status?: number
  /** How many requests fail; default: all of them. */
  times?: number
}

export interface FakeResultsService {
  /** The ACTIONS_RESULTS_URL value, e.g. 'http://127.0.0.1:4123/'. */
  url: string
  artifacts: StoredArtifact[]
  fail(fault: ResultsFault): void
  /**
   * Everything a process needs in its environment to upload here. Start a
   * child with an asynchronous spawn: a synchronous one blocks the event loop
   * this service answers from.
   */
  env(run?: { runId?: string; jobId?: string }): Record<string, string>
  close(): Promise<void>
}

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/'
const BLOB_PREFIX = '/blob/artifacts/'
const DAY_MS = 24 * 60 * 60 * 1000
const DEFAULT_FAULT_STATUS = 403

// https://twitchtv.github.io/twirp/docs/spec_v7.html#error-codes
const TWIRP_CODES: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  408: 'deadline_exceeded',
  409: 'already_exists',
  412: 'failed_precondition',
  429: 'resource_exhausted',
  500: 'internal',
  501: 'unimplemented',
  503: 'unavailable'
}

// https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes
const STORAGE_CODES: Record<number, string> = {
  400: 'InvalidInput',
  403: 'AuthenticationFailed',
  404: 'BlobNotFound',
  409: 'BlobAlreadyExists',
  500: 'InternalError',
  503: 'ServerBusy'
}

/** Where an artifact's bytes wait between CreateArtifact and Finalize. */
interface Upload {
  artifact: StoredArtifact
  runId: string
  jobId: string
  signature: string
  blocks: Map<string, Buffer>
}

interface PendingFault {
  step: ResultsFault['step']
  status: number
  remaining: number
}

interface TwirpAnswer {
  status: number
  body: object
}

class TwirpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/** Starts the fake on loopback; `close()` it when done. */
export async function startFakeResultsService(
  options: FakeResultsOptions = {}
): Promise<FakeResultsService> {
  const host = options.host ?? '127.0.0.1'
  const state = new ResultsState()
  const server = createServer((request, response) => {
    handle(state, request, response).catch(error => {
      sendJson(response, twirpError(500, `fake failed: ${String(error)}`))
    })
  })
  const port = await listen(server, options.port ?? 0, host)
  state.origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  return {
    url: `${state.origin}/`,
    artifacts: state.artifacts,
    fail: fault => state.addFault(fault),
    env: run => runnerEnv(state.origin, run),
    close: () => close(server)
  }
}

class ResultsState {
  origin = ''
  readonly artifacts: StoredArtifact[] = []
  private readonly uploads: Upload[] = []
  private readonly faults: PendingFault[] = []

  addFault(fault: ResultsFault): void {
    this.faults.push({
      step: fault.step,
      status: fault.status ?? DEFAULT_FAULT_STATUS,
      remaining: fault.times ?? Infinity
    })
  }

  /** The status of a fault that applies to this request, if one does. */
  takeFault(step: ResultsFault['step']): number | undefined {
    const fault = this.faults.find(f => f.step === step && f.remaining > 0)
    if (!fault) return undefined
    fault.remaining -= 1
    return fault.status
  }

  findUpload(runId: string, name: string): Upload | undefined {
    return this.uploads.find(u => u.runId === runId && u.artifact.name === name)
  }

  findUploadByPath(pathname: string): Upload | undefined {
    return this.uploads.find(u => blobPath(u.artifact.id) === pathname)
  }

  addUpload(upload: Upload): void {
    this.uploads.push(upload)
    this.artifacts.push(upload.artifact)
  }
}

async function handle(
  state: ResultsState,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  const body = await readBody(request)
  const url = new URL(request.url ?? '/', state.origin)

  if (request.method === 'POST' && url.pathname.startsWith(TWIRP_PREFIX)) {
    const method = url.pathname.slice(TWIRP_PREFIX.length)
    sendJson(response, answerTwirp(state, method, request, body))
  } else if (request.method === 'PUT' && url.pathname.startsWith(BLOB_PREFIX)) {
    answerBlob(state, url, body, response)
  } else {
    sendJson(response, twirpError(404, `no route for ${url.pathname}`))
  }
}

function answerTwirp(
  state: ResultsState,
  method: string,
  request: IncomingMessage,
  raw: Buffer
): TwirpAnswer {
  try {
    const body = parseJson(raw)
    checkRuntimeToken(request, body)
    if (method === 'CreateArtifact') return createArtifact(state, body)
    if (method === 'FinalizeArtifact') return finalizeArtifact(state, body)
    throw new TwirpError(404, `no method ${method}`)
  } catch (error) {
    if (error instanceof TwirpError)
      return twirpError(error.status, error.message)
    throw error
  }
}

// Mirrors results/api/v1/artifact.proto, sent with proto field names.
function createArtifact(
  state: ResultsState,
  body: Record<string, unknown>
): TwirpAnswer {
  const fault = state.takeFault('create')
  if (fault) throw new TwirpError(fault, 'simulated CreateArtifact failure')

  const runId = stringField(body, 'workflow_run_backend_id')
  const jobId = stringField(body, 'workflow_job_run_backend_id')
  const name = stringField(body, 'name')
  if (state.findUpload(runId, name)) {
    // The real service's words, as @actions/artifact users see them.
    throw new TwirpError(
      409,
      'an artifact with this name already exists on the workflow run'
    )
  }

  const upload = newUpload(state, runId, jobId, name, body['expires_at'])
  state.addUpload(upload)
  return {
    status: 200,
    body: { ok: true, signed_upload_url: signedUrl(state.origin, upload) }
  }
}

function finalizeArtifact(
  state: ResultsState,
  body: Record<string, unknown>
): TwirpAnswer {
  const fault = state.takeFault('finalize')
  if (fault) throw new TwirpError(fault, 'simulated FinalizeArtifact failure')

  const runId = stringField(body, 'workflow_run_backend_id')
  const upload = state.findUpload(runId, stringField(body, 'name'))
  if (!upload) throw new TwirpError(404, 'artifact not found')
  if (upload.artifact.zip.length === 0) {
    throw new TwirpError(412, 'artifact content was not uploaded')
  }

  upload.artifact.size = Number(body['size'] ?? upload.artifact.zip.length)
  upload.artifact.finalized = true
  return {
    status: 200,
    body: { ok: true, artifact_id: String(upload.artifact.id) }
  }
}

function newUpload(
  state: ResultsState,
  runId: string,
  jobId: string,
  name: string,
  expiresAt: unknown
): Upload {
  const artifact: StoredArtifact = {
    id: state.artifacts.length + 1,
    name,
    size: 0,
    zip: Buffer.alloc(0),
    finalized: false
  }
  const retentionDays = daysUntil(expiresAt)
  if (retentionDays !== undefined) artifact.retentionDays = retentionDays
  return {
    artifact,
    runId,
    jobId,
    signature: randomBytes(16).toString('base64url'),
    blocks: new Map()
  }
}

/**
 * The scope the real service checks: the token must be for the run and job
 * the request names. The signature is not checked, as the client never can.
 */
function checkRuntimeToken(
  request: IncomingMessage,
  body: Record<string, unknown>
): void {
  const scope = resultsScope(request.headers.authorization)
  const runId = body['workflow_run_backend_id']
  const jobId = body['workflow_job_run_backend_id']
  if (scope !== `Actions.Results:${String(runId)}:${String(jobId)}`) {
    throw new TwirpError(401, 'the runtime token is not for this job')
  }
}

function resultsScope(authorization: string | undefined): string | undefined {
  const payload = authorization?.match(/^Bearer [^.]*\.([^.]*)\./)?.[1]
  if (!payload) return undefined
  try {
    const claims = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8')
    ) as { scp?: unknown }
    return String(claims.scp)
      .split(' ')
      .find(s => s.startsWith('Actions.Results:'))
  } catch {
    return undefined
  }
}

// https://learn.microsoft.com/rest/api/storageservices/put-block and
// https://learn.microsoft.com/rest/api/storageservices/put-block-list
function answerBlob(
  state: ResultsState,
  url: URL,
  body: Buffer,
  response: ServerResponse
): void {
  const upload = state.findUploadByPath(url.pathname)
  if (!upload) return sendStorageError(response, 404)
  if (url.searchParams.get('sig') !== upload.signature) {
    return sendStorageError(response, 403)
  }
  const fault = state.takeFault('upload')
  if (fault) return sendStorageError(response, fault)

  const comp = url.searchParams.get('comp')
  if (comp === 'block') {
    upload.blocks.set(url.searchParams.get('blockid') ?? '', body)
  } else if (comp === 'blocklist') {
    commitBlocks(upload, body.toString('utf8'))
  } else {
    upload.artifact.zip = body
    upload.artifact.size = body.length
  }
  sendStorageCreated(response)
}

function commitBlocks(upload: Upload, blockListXml: string): void {
  const ids = [...blockListXml.matchAll(/<(Latest|Uncommitted)>([^<]*)</g)]
  const blocks = ids.map(match => upload.blocks.get(match[2] ?? ''))
  upload.artifact.zip = Buffer.concat(blocks.filter(b => b !== undefined))
  upload.artifact.size = upload.artifact.zip.length
  upload.blocks.clear()
}

function sendStorageCreated(response: ServerResponse): void {
  response.writeHead(201, {
    etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
    'last-modified': new Date().toUTCString(),
    'x-ms-request-id': randomBytes(16).toString('hex'),
    'x-ms-version': '2025-01-05',
    'x-ms-request-server-encrypted': 'true',
    'content-length': '0'
  })
  response.end()
}

function sendStorageError(response: ServerResponse, status: number): void {
  const code =
    STORAGE_CODES[status] ?? (status >= 500 ? 'InternalError' : 'InvalidInput')
  const xml =
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<Error><Code>${code}</Code><Message>simulated storage failure (${code})</Message></Error>`
  response.writeHead(status, {
    'content-type': 'application/xml',
    'x-ms-error-code': code,
    'x-ms-request-id': randomBytes(16).toString('hex')
  })
  response.end(xml)
}

function twirpError(status: number, msg: string): TwirpAnswer {
  const code = TWIRP_CODES[status] ?? (status >= 500 ? 'internal' : 'unknown')
  return { status, body: { code, msg } }
}

function sendJson(response: ServerResponse, answer: TwirpAnswer): void {
  response.writeHead(answer.status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(answer.body))
}

function parseJson(raw: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'))
    if (typeof value === 'object' && value !== null) {
      return value as Record<string, unknown>
    }
  } catch {
    // Answered below, like any other body that is not a JSON object.
  }
  throw new TwirpError(400, 'the body is not a JSON object')
}

function stringField(body: Record<string, unknown>, field: string): string {
  const value = body[field]
  if (typeof value !== 'string' || value === '') {
    throw new TwirpError(400, `${field} is required`)
  }
  return value
}

function daysUntil(timestamp: unknown): number | undefined {
  if (typeof timestamp !== 'string') return undefined
  return Math.round((Date.parse(timestamp) - Date.now()) / DAY_MS)
}

function blobPath(id: number): string {
  return `${BLOB_PREFIX}${id}.zip`
}

// Shaped like a SAS URL so the storage client treats it as one; only `sig`
// is checked.
function signedUrl(origin: string, upload: Upload): string {
  const query = new URLSearchParams({
    sv: '2025-01-05',
    sr: 'b',
    sp: 'cw',
    se: new Date(Date.now() + DAY_MS).toISOString(),
    sig: upload.signature
  })
  return `${origin}${blobPath(upload.artifact.id)}?${query.toString()}`
}

function runnerEnv(
  origin: string,
  run: { runId?: string; jobId?: string } = {}
): Record<string, string> {
  const runId = run.runId ?? '4242'
  const jobId = run.jobId ?? 'report'
  return {
    GITHUB_ACTIONS: 'true',
    ACTIONS_RUNTIME_TOKEN: unsignedJwt({
      scp: `Actions.GenericRead:${runId} Actions.Results:${runId}:${jobId}`,
      exp: Math.floor(Date.now() / 1000) + 3600
    }),
    ACTIONS_RESULTS_URL: `${origin}/`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-org/ads-reports',
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RETENTION_DAYS: '90'
  }
}

function unsignedJwt(claims: object): string {
  const encode = (part: object): string =>
    Buffer.from(JSON.stringify(part)).toString('base64url')
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      resolve((server.address() as AddressInfo).port)
    })
  })
}

// Clients keep connections alive; without dropping them close() would wait.
function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close(error => (error ? reject(error) : resolve()))
    server.closeAllConnections()
  })
}

const LOCAL_HEADER = 0x04034b50
const CENTRAL_HEADER = 0x02014b50
const END_OF_CENTRAL_DIRECTORY = 0x06054b50

/**
 * Reads a zip through its central directory, since streamed zips leave sizes
 * out of the local headers. Handles stored and deflated entries, not zip64.
 */
export function unzipEntries(zip: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>()
  const end = findEndOfCentralDirectory(zip)
  let offset = zip.readUInt32LE(end + 16)
  const count = zip.readUInt16LE(end + 10)

  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_HEADER) {
      throw new Error(`No central directory entry at byte ${offset}`)
    }
    const nameLength = zip.readUInt16LE(offset + 28)
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength)
    entries.set(name, readEntry(zip, offset))
    offset +=
      46 +
      nameLength +
      zip.readUInt16LE(offset + 30) +
      zip.readUInt16LE(offset + 32)
  }
  return entries
}

function findEndOfCentralDirectory(zip: Buffer): number {
  for (let offset = zip.length - 22; offset >= 0; offset--) {
    if (zip.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset
  }
  throw new Error('Not a zip: no end of central directory record')
}

function readEntry(zip: Buffer, central: number): Buffer {
  const method = zip.readUInt16LE(central + 10)
  const compressedSize = zip.readUInt32LE(central + 20)
  const local = zip.readUInt32LE(central + 42)
  if (zip.readUInt32LE(local) !== LOCAL_HEADER) {
    throw new Error(`No local header at byte ${local}`)
  }

  const start =
    local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
  const data = zip.subarray(start, start + compressedSize)
  if (method === 0) return Buffer.from(data)
  if (method === 8) return inflateRawSync(data)
  throw new Error(`Unsupported zip compression method ${method}`)
}
