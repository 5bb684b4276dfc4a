export const id = 849;
export const ids = [849];
export const modules = {

/***/ 15849:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   uploadArtifact: () => (/* binding */ uploadArtifact)
/* harmony export */ });
/* unused harmony export artifactUrl */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _workflow_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(62986);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/**
 * Uploads the response file as a workflow artifact through `@actions/artifact`
 * and turns its failures into an `ArtifactError` a user can act on.
 */



/** The variables a runner gives a job so that it can reach the service. */
const RUNTIME_VARIABLES = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'];
const RUNNER_NETWORK_DOCS = 'https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#communication-between-self-hosted-runners-and-github';
/**
 * Zips `files` (paths kept relative to `rootDirectory`) into the artifact
 * `name`. `retentionDays` absent keeps the repository's setting.
 */
async function uploadArtifact(name, files, rootDirectory, retentionDays) {
    requireRuntime(name, files);
    (0,_workflow_js__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq)(describeUpload(name, files, retentionDays));
    (0,_workflow_js__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz)(`Artifact root directory: ${rootDirectory}`);
    try {
        // Note: imported here, not at the top, so that ncc puts the library in a
        // chunk of its own and a run that only mints a token never loads it.
        const { DefaultArtifactClient } = await __webpack_require__.e(/* import() */ 327).then(__webpack_require__.bind(__webpack_require__, 93327));
        const client = new DefaultArtifactClient();
        const result = await client.uploadArtifact(name, files, rootDirectory, {
            retentionDays
        });
        if (result.id === undefined) {
            throw new Error('the artifact service returned no artifact id');
        }
        return reportUpload(name, result.id, result.size ?? 0);
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactError */ .nE(failureMessage(name, files, error));
    }
}
/** The artifact's page, when the runner says which run this is. */
function artifactUrl(id, env = process.env) {
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
    if (!GITHUB_SERVER_URL || !GITHUB_REPOSITORY || !GITHUB_RUN_ID) {
        return undefined;
    }
    const server = GITHUB_SERVER_URL.replace(/\/+$/, '');
    return `${server}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}/artifacts/${id}`;
}
// Checked before loading the library: outside a job it could only fail, and
// its own message does not say why the variable is missing.
function requireRuntime(name, files) {
    const missing = RUNTIME_VARIABLES.filter(variable => !process.env[variable]);
    if (missing.length === 0)
        return;
    const cause = `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set. Artifacts can only be uploaded from a job of a GitHub Actions workflow run; elsewhere leave \`artifact-name\` empty`;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactError */ .nE(failureSentence(name, cause, files));
}
function describeUpload(name, files, retentionDays) {
    const retention = retentionDays
        ? `, kept for ${retentionDays} days`
        : ", kept for the repository's retention period";
    return `Uploading ${files.join(', ')} as artifact '${name}'${retention}`;
}
function reportUpload(name, id, size) {
    const url = artifactUrl(id);
    (0,_workflow_js__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq)(`Uploaded artifact '${name}' (id ${id}, ${size} bytes)${url ? `: ${url}` : ''}`);
    return url ? { id, size, url } : { id, size };
}
function failureMessage(name, files, error) {
    if (isDuplicateName(error)) {
        const cause = `the name is already used in this workflow run, and a run cannot hold two artifacts of one name. Choose another \`artifact-name\`, for example add the matrix value (\`${name}-\${{ matrix.os }}\`)`;
        return failureSentence(name, cause, files);
    }
    return failureSentence(name, redact(describeCause(error)), files);
}
function failureSentence(name, cause, files) {
    return `Failed to upload artifact '${name}': ${cause}.${keptAt(files)}`;
}
// Only files that exist: a missing one is itself the failure.
function keptAt(files) {
    const kept = files.filter(file => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file));
    if (kept.length === 0)
        return '';
    if (kept.length === 1)
        return ` The response file is kept at ${kept[0]}.`;
    return ` The files are kept at ${kept.join(', ')}.`;
}
// The results service answers 409 `already_exists` when the run already has
// an artifact of that name (artifacts are immutable since v4).
function isDuplicateName(error) {
    const twirp = parseTwirpFailure((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .messageOf */ .bD)(error));
    return twirp?.method === 'CreateArtifact' && twirp.status === 409;
}
/** What went wrong, in words, from the shapes of error the library throws. */
function describeCause(error) {
    const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .messageOf */ .bD)(error);
    const twirp = parseTwirpFailure(message);
    if (twirp) {
        const step = twirp.method === 'FinalizeArtifact' ? 'finalize' : 'create';
        const retried = twirp.attempts ? ` after ${twirp.attempts} attempts` : '';
        return `the artifact service could not ${step} it${retried} (HTTP ${twirp.status} ${twirp.detail})`;
    }
    const storage = storageStatus(error);
    if (storage) {
        return `the storage service refused its content (HTTP ${storage.status} ${storage.code}: ${firstLine(message)})`;
    }
    // Raised on ECONNREFUSED, ENOTFOUND and the like, which it does not retry.
    const unreachable = /Unable to make request: (\w+)/.exec(message);
    if (unreachable) {
        return `could not reach the artifact service (${unreachable[1]}); a self-hosted runner needs access to GitHub's endpoints, see ${RUNNER_NETWORK_DOCS}`;
    }
    return message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
}
/**
 * @actions/artifact words a failed call as
 * "Failed to <Method>: Received non-retryable error: Failed request: (<status>) <text>: <msg>"
 * or, once retries ran out, "Failed to <Method>: Failed to make request after
 * <n> attempts: Failed request: …".
 */
function parseTwirpFailure(message) {
    const match = /^Failed to (\w+): (?:Received non-retryable error: |Failed to make request after (\d+) attempts: )Failed request: \((\d{3})\) (.*)$/s.exec(message);
    if (!match)
        return undefined;
    const [, method = '', attempts, status = '0', detail = ''] = match;
    return {
        method,
        status: Number(status),
        detail: firstLine(detail),
        ...(attempts ? { attempts: Number(attempts) } : {})
    };
}
/** Azure's `RestError` carries the status and the storage error code. */
function storageStatus(error) {
    if (!(error instanceof Error) || error.name !== 'RestError')
        return undefined;
    const { statusCode, code } = error;
    if (statusCode === undefined)
        return undefined;
    return { status: statusCode, code: code ?? 'error' };
}
function firstLine(text) {
    return text.split('\n', 1)[0]?.trim() ?? '';
}
// Messages come from three libraries; none should carry the runtime token or a
// signed URL's query, but a leak here would land in a public log.
function redact(text) {
    const token = process.env['ACTIONS_RUNTIME_TOKEN'];
    const withoutToken = token ? text.split(token).join('***') : text;
    return withoutToken.replace(/(https?:\/\/[^\s?]+)\?\S*/g, '$1');
}


/***/ })

};
