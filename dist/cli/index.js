#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 770:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(218);


/***/ }),

/***/ 218:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var net = __nccwpck_require__(278);
var tls = __nccwpck_require__(756);
var http = __nccwpck_require__(611);
var https = __nccwpck_require__(692);
var events = __nccwpck_require__(434);
var assert = __nccwpck_require__(613);
var util = __nccwpck_require__(23);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
exports.debug = debug; // for test


/***/ }),

/***/ 613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 23:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:util/types"
const types_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");
;// CONCATENATED MODULE: ./src/errors.ts

/**
 * The action's error family. Each class has a stable `name`, keeps what a user
 * needs to act on the failure, and never holds a secret: messages are built
 * from statuses, Spotify's own descriptions and the parts of a request that
 * are safe to show (method, origin and path, never the query or the body).
 */
/** An input that was rejected before any network call. */
class InputError extends Error {
    input;
    name = 'InputError';
    /**
     * @param input - the input's name as written in `action.yml`
     * @param message - what is wrong and what is accepted
     */
    constructor(input, message) {
        super(`Input '${input}' ${message}`);
        this.input = input;
    }
}
/** The token endpoint refused to mint an access token. */
class TokenError extends Error {
    status;
    code;
    name = 'TokenError';
    constructor(message, status, code) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
/** The Ads API answered with a status outside 2xx. */
class ApiError extends Error {
    name = 'ApiError';
    status;
    messages;
    traceId;
    constructor(details, hint) {
        super(describeApiError(details, hint));
        this.status = details.status;
        this.messages = details.messages;
        this.traceId = details.traceId;
    }
}
/** No answer: a timeout, a reset or a refused connection, after retries. */
class NetworkError extends Error {
    name = 'NetworkError';
}
/** A request we refused to make or to keep following. */
class RequestError extends Error {
    name = 'RequestError';
}
/** The response or report file could not be written. */
class FileError extends Error {
    name = 'FileError';
}
/** The workflow artifact could not be uploaded. */
class ArtifactError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'ArtifactError';
}
function describeApiError(details, hint) {
    const parts = [
        `${details.method} ${details.target} answered HTTP ${details.status}`
    ];
    if (details.messages.length > 0) {
        parts.push(`: ${details.messages.join('; ')}`);
    }
    if (details.traceId) {
        parts.push(` (sp_trace_id ${details.traceId})`);
    }
    if (hint) {
        parts.push(`. ${hint}`);
    }
    return parts.join('');
}
/** The message of anything thrown, `Error` or not. */
function messageOf(error) {
    // Note: errors made by Node itself fail `instanceof Error` across realms
    // (a VM context, as under Jest), so the native check comes first.
    if ((0,types_namespaceObject.isNativeError)(error) || error instanceof Error)
        return error.message;
    if (typeof error === 'string')
        return error;
    try {
        return JSON.stringify(error) ?? String(error);
    }
    catch {
        return String(error);
    }
}

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./src/url.ts
/**
 * Where requests may go. The access token is only ever sent to the origin of
 * `api-base-url`, so every API URL is built here and checked against it.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);
/** Control characters (C0, DEL) and the backslash some servers read as `/`. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
/** True for hosts that never leave the machine: tests and local fakes. */
function isLoopbackHost(hostname) {
    const host = hostname.toLowerCase();
    return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}
/**
 * Parses a service URL (`token-url`, `api-base-url`): https, or http on a
 * loopback host, with no credentials, query or fragment.
 *
 * @returns the URL, or a sentence saying why it is refused
 */
function parseServiceUrl(value) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return 'is not a URL; give an absolute https:// URL';
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        return 'must use https:// (http:// is accepted only for loopback hosts such as 127.0.0.1)';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return `must use https://, not ${url.protocol}`;
    }
    if (url.username || url.password) {
        return 'must not hold credentials (user:password@)';
    }
    if (url.search || url.hash || value.includes('?') || value.includes('#')) {
        return 'must not hold a query string or fragment';
    }
    return url;
}
/**
 * Resolves an Ads API `path` against the base URL. A relative path, with or
 * without a leading `/`, lands under the base path; an absolute URL must be on
 * the base URL's origin (the quickstart's v2 URL is such a case).
 *
 * @returns the URL, or a sentence saying why the path is refused
 */
function resolveApiUrl(base, path) {
    if (UNSAFE_CHARACTERS.test(path)) {
        return 'must not contain control characters or backslashes';
    }
    if (path.includes('#')) {
        return 'must not contain a fragment (#)';
    }
    const elsewhere = `must be a path under ${base.href} or a URL on ${base.origin}`;
    if (path.startsWith('//'))
        return elsewhere;
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(path);
    const [pathPart = '', query] = splitQuery(path);
    const dotProblem = checkSegments(pathPart);
    if (dotProblem)
        return dotProblem;
    let url;
    try {
        url = absolute
            ? new URL(path)
            : new URL(pathPart.replace(/^\/+/, ''), withTrailingSlash(base));
    }
    catch {
        return 'is not a valid path or URL';
    }
    if (!absolute && query !== undefined)
        url.search = query;
    if (url.username || url.password) {
        return `must not hold credentials (user@host); the access token is only sent to ${base.origin}`;
    }
    // A scheme such as `javascript:` or `mailto:` has no origin to name.
    if (url.origin === 'null')
        return elsewhere;
    if (url.origin !== base.origin) {
        return `is on ${url.origin}, but the access token is only sent to ${base.origin} (the origin of api-base-url)`;
    }
    return url;
}
function splitQuery(path) {
    const at = path.indexOf('?');
    return at < 0 ? [path, undefined] : [path.slice(0, at), path.slice(at + 1)];
}
/**
 * Refuses `.` and `..` segments, raw or percent-encoded, and encoded slashes:
 * a URL parser or a server would resolve them to a path the user did not
 * write, possibly outside the API's base path.
 */
function checkSegments(pathPart) {
    const afterOrigin = pathPart.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
    for (const segment of afterOrigin.split('/')) {
        let decoded;
        try {
            decoded = decodeURIComponent(segment);
        }
        catch {
            return 'has a malformed percent-encoding';
        }
        if (decoded === '.' || decoded === '..') {
            return 'must not contain "." or ".." segments';
        }
        if (decoded !== segment && /[/\\]/.test(decoded)) {
            return 'must not contain encoded slashes (%2F, %5C)';
        }
    }
    return undefined;
}
function withTrailingSlash(base) {
    const url = new URL(base.href);
    if (!url.pathname.endsWith('/'))
        url.pathname += '/';
    return url;
}
/**
 * What an error may repeat of a refused service URL: an http(s) URL's origin
 * and path, never its credentials, query or fragment. Of anything else,
 * nothing: `id:secret@host` parses as a URL of scheme `id:`, and a value
 * that is not a URL could be a secret pasted into the wrong input.
 */
function describeRefusedUrl(value) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return 'a value that is not a URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return 'a value that is not an http(s) URL';
    }
    return `'${url.origin}${url.pathname}'`;
}
/** Origin and path of a URL: what logs and errors may show of it. */
function describeTarget(url) {
    return `${url.origin}${url.pathname}`;
}

;// CONCATENATED MODULE: ./src/cli/errors.ts
/**
 * The command-line tool's own errors, next to the engine's family in
 * `src/errors.ts`. Each has a stable `name`; `run.ts` turns them into exit
 * codes: a `UsageError` is 2, anything else 1.
 */
/** The command line itself is wrong: nothing was sent anywhere. */
class UsageError extends Error {
    name = 'UsageError';
}
/** The browser step did not end with an authorization code. */
class AuthorizeError extends Error {
    name = 'AuthorizeError';
}
/** `gh secret set` could not store the refresh token. */
class SecretError extends Error {
    name = 'SecretError';
}

;// CONCATENATED MODULE: ./src/cli/args.ts



const DEFAULT_ACCOUNTS_URL = 'https://accounts.spotify.com';
const DEFAULT_API_BASE_URL = 'https://api-partner.spotify.com/ads/v3';
/** Options every command takes. */
const COMMON_OPTIONS = {
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
};
/** Options of the commands that talk to Spotify's token endpoint. */
const ACCOUNTS_OPTIONS = {
    'accounts-url': { type: 'string' }
};
/**
 * Parses one command's arguments strictly: an unknown option, a missing
 * value or a stray argument is a `UsageError` that says which.
 */
function parseCommand(args, options) {
    try {
        return (0,external_node_util_namespaceObject.parseArgs)({
            args,
            options,
            strict: true,
            allowPositionals: true,
            tokens: true
        });
    }
    catch (error) {
        throw new UsageError(describeParseError(error));
    }
}
/** Node's message, less its advice on `--` that does not apply here. */
function describeParseError(error) {
    // Not `instanceof Error`: the error may come from another realm (a test VM).
    const { message } = (error ?? {});
    if (typeof message !== 'string')
        return String(error);
    const first = message.split(/\n|\. To specify/)[0] ?? message;
    return first.replace(/^\w/, char => char.toLowerCase());
}
/** True when `--help` or `-h` comes before any `--`. */
function wantsHelp(args) {
    const end = args.indexOf('--');
    const options = end < 0 ? args : args.slice(0, end);
    return options.includes('--help') || options.includes('-h');
}
/**
 * Spotify's accounts service: https, or http on loopback for tests and
 * fakes. Authorize is at `/authorize`, tokens at `/api/token`.
 */
function parseAccountsUrl(value) {
    const text = value?.trim() || DEFAULT_ACCOUNTS_URL;
    const url = parseServiceUrl(text);
    if (typeof url === 'string') {
        throw new UsageError(`--accounts-url ${url} (got ${describeRefusedUrl(text)})`);
    }
    return url;
}
/** A path under the accounts service, e.g. `/api/token`. */
function accountsEndpoint(accountsUrl, path) {
    return new URL(`${accountsUrl.href.replace(/\/+$/, '')}${path}`);
}
/** The value of an environment variable, trimmed; `''` when unset. */
function envValue(env, name) {
    return env[name]?.trim() ?? '';
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_namespaceObject);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
// EXTERNAL MODULE: ./node_modules/tunnel/index.js
var tunnel = __nccwpck_require__(770);
;// CONCATENATED MODULE: ./src/log.ts
/** A log that says nothing: for library use and tests. */
const silentLog = {
    debug: () => undefined,
    info: () => undefined,
    warning: () => undefined,
    mask: () => undefined
};
/** Redacts credentials in headers before they reach a debug line. */
function redactHeaders(headers) {
    const redacted = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value === undefined)
            continue;
        const text = Array.isArray(value) ? value.join(', ') : String(value);
        redacted[name] = /^(authorization|proxy-authorization|cookie)$/i.test(name)
            ? redactCredential(text)
            : text;
    }
    return redacted;
}
/** Keeps an auth scheme (`Bearer ***`) and hides everything else. */
function redactCredential(value) {
    const scheme = /^(Basic|Bearer|Digest|Negotiate|Token)\s/i.exec(value);
    return scheme ? `${scheme[1]} ***` : '***';
}

;// CONCATENATED MODULE: ./src/http.ts








/** The statuses a server sends when trying again later may work. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Errors that mean the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH']);
/** The longest `Retry-After` we are willing to wait, in seconds. */
const MAX_RETRY_AFTER_SECONDS = 60;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CEILING_MS = 20_000;
/**
 * Sends requests with a deadline, retries transient failures with
 * exponential backoff and jitter, and honours `Retry-After` up to a cap.
 *
 * Note: redirects are never followed here. The Ads API does not redirect,
 * and following one could carry the bearer token to another host.
 */
class Transport {
    options;
    sleep;
    /** Kept-alive connections, one pool per protocol and proxy. */
    agents = new Map();
    /** A 429 pauses every request of this transport, not just its own. */
    pausedUntil = 0;
    constructor(options) {
        this.options = options;
        this.sleep = options.sleep ?? delay;
    }
    /** Sends a request, retrying what may be retried; never throws for a status. */
    send(request) {
        return this.exchange(request);
    }
    /**
     * Like `send`, but a 2xx body streams into `consume` instead of memory
     * (its `body` comes back empty). Between chunks, the timeout is an idle
     * timeout, so a large download may take longer than `timeoutMs` in all.
     */
    download(request, consume) {
        return this.exchange(request, consume);
    }
    async exchange(request, consume) {
        const attempts = this.options.maxRetries + 1;
        for (let attempt = 1;; attempt++) {
            await this.waitForPause();
            const outcome = await this.attempt(request, consume);
            const retry = this.retryDecision(request, outcome, attempt, attempts);
            if (!retry.again) {
                if ('error' in outcome) {
                    throw this.networkError(request, outcome.error, attempt);
                }
                return retry.gaveUp ? { ...outcome, gaveUp: retry.gaveUp } : outcome;
            }
            this.options.log.info(`Retrying ${request.method} ${describeTarget(request.url)} in ${formatSeconds(retry.waitMs)} (attempt ${attempt + 1} of ${attempts}): ${retry.reason}`);
            await this.sleep(retry.waitMs);
        }
    }
    /** Closes kept-alive connections so the process can exit. */
    close() {
        // Note: tunnel's agents keep no idle sockets, and have no destroy().
        for (const agent of this.agents.values()) {
            ;
            agent.destroy?.();
        }
        this.agents.clear();
    }
    async attempt(request, consume) {
        const { timeoutMs } = this.options;
        const abort = new AbortController();
        let timer = setTimeout(() => abort.abort(new TimeoutError(timeoutMs)), timeoutMs);
        const shown = request.secretQuery
            ? describeTarget(request.url)
            : request.url.href;
        this.options.log.debug(`${request.method} ${shown} ${JSON.stringify(redactHeaders(request.headers))}`);
        try {
            const message = await this.open(request, abort.signal);
            const status = message.statusCode ?? 0;
            if (consume && status >= 200 && status <= 299) {
                clearTimeout(timer);
                const idle = () => abort.abort(new TimeoutError(timeoutMs));
                timer = setTimeout(idle, timeoutMs);
                await consumeBody(message, consume, () => timer.refresh());
                this.options.log.debug(`HTTP ${status}, streamed`);
                return { status, headers: message.headers, body: Buffer.alloc(0) };
            }
            const body = await readBody(message);
            this.options.log.debug(`HTTP ${status}, ${body.length} bytes`);
            return { status, headers: message.headers, body };
        }
        catch (error) {
            if (error instanceof ConsumerFailure)
                throw error.cause;
            const reason = abort.signal.reason;
            return {
                error: reason instanceof TimeoutError ? reason : toError(error)
            };
        }
        finally {
            clearTimeout(timer);
        }
    }
    /** Sends the request and resolves with the answer's head. */
    open(request, signal) {
        const { url, body } = request;
        const headers = {
            'user-agent': this.options.userAgent,
            ...request.headers
        };
        if (body !== undefined) {
            headers['content-length'] = String(Buffer.byteLength(body));
        }
        const client = url.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
        return new Promise((resolve, reject) => {
            const outgoing = client.request(url, { method: request.method, headers, agent: this.agentFor(url), signal }, resolve);
            outgoing.on('error', reject);
            outgoing.end(body);
        });
    }
    /**
     * A kept-alive agent for the URL, or a tunnel through the proxy that
     * `HTTPS_PROXY`/`HTTP_PROXY` name for it, unless `NO_PROXY` (or a loopback
     * host) says otherwise: the rules of `@actions/http-client`.
     */
    agentFor(url) {
        const proxy = getProxyUrl(url);
        const key = `${url.protocol} ${proxy?.href ?? ''}`;
        let agent = this.agents.get(key);
        if (!agent) {
            agent = proxy ? tunnelAgent(url, proxy) : directAgent(url);
            this.agents.set(key, agent);
        }
        return agent;
    }
    retryDecision(request, outcome, attempt, attempts) {
        if ('error' in outcome) {
            const { error } = outcome;
            const retryable = request.idempotent || NOT_SENT_CODES.has(codeOf(error));
            if (!retryable || attempt >= attempts)
                return { again: false };
            return again(backoff(attempt), describeNetworkError(error));
        }
        const { status } = outcome;
        if (!RETRYABLE_STATUSES.has(status))
            return { again: false };
        if (status !== 429 && !request.idempotent)
            return { again: false };
        const retryAfter = parseRetryAfter(outcome.headers['retry-after']);
        if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_SECONDS) {
            return {
                again: false,
                gaveUp: `Spotify asked to wait ${formatSeconds(retryAfter * 1000)} (Retry-After: ${retryAfter}) before trying again, longer than the ${MAX_RETRY_AFTER_SECONDS} s this action waits; run the job again later`
            };
        }
        if (attempt >= attempts) {
            return attempts > 1
                ? { again: false, gaveUp: `gave up after ${attempts} attempts` }
                : { again: false };
        }
        const waitMs = retryAfter !== undefined ? retryAfter * 1000 : backoff(attempt);
        if (status === 429)
            this.pausedUntil = Date.now() + waitMs;
        return again(waitMs, `HTTP ${status}`);
    }
    async waitForPause() {
        const remaining = this.pausedUntil - Date.now();
        if (remaining > 0)
            await this.sleep(remaining);
    }
    networkError(request, error, attempts) {
        const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
        const notRetried = attempts === 1 && !request.idempotent
            ? ` (${request.method} is not retried once sent: it may have been carried out)`
            : '';
        return new NetworkError(`${request.method} ${describeTarget(request.url)} failed${tries}: ${describeNetworkError(error)}${notRetried}`);
    }
}
function again(waitMs, reason) {
    return { again: true, waitMs, reason };
}
class TimeoutError extends Error {
    ms;
    name = 'TimeoutError';
    constructor(ms) {
        super(`timed out after ${formatSeconds(ms)}`);
        this.ms = ms;
    }
}
function directAgent(url) {
    const options = { keepAlive: true };
    return url.protocol === 'https:'
        ? new (external_node_https_default()).Agent(options)
        : new (external_node_http_default()).Agent(options);
}
function tunnelAgent(url, proxy) {
    const auth = proxy.username || proxy.password
        ? { proxyAuth: `${proxy.username}:${proxy.password}` }
        : {};
    const options = {
        proxy: {
            host: proxy.hostname,
            port: Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80),
            ...auth
        }
    };
    const overHttps = proxy.protocol === 'https:';
    if (url.protocol === 'https:') {
        return overHttps
            ? tunnel.httpsOverHttps(options)
            : tunnel.httpsOverHttp(options);
    }
    return overHttps
        ? tunnel.httpOverHttps(options)
        : tunnel.httpOverHttp(options);
}
/** An error of the consumer itself (a file it could not write). */
class ConsumerFailure extends Error {
    cause;
    name = 'ConsumerFailure';
    constructor(cause) {
        super('the body could not be consumed');
        this.cause = cause;
    }
}
/**
 * Hands the body to `consume`. A failure of the connection comes out as it
 * is, to be retried like any other; a failure of the consumer's own (a disk
 * that is full) comes out as a `ConsumerFailure`: sending the request again
 * would not mend it.
 */
async function consumeBody(message, consume, onChunk) {
    let connectionFailed = false;
    async function* chunks() {
        try {
            for await (const chunk of message) {
                onChunk();
                yield chunk;
            }
        }
        catch (error) {
            connectionFailed = true;
            throw cutShort(message, error);
        }
        if (!message.complete) {
            connectionFailed = true;
            throw cutShort(message);
        }
    }
    try {
        await consume(chunks());
    }
    catch (error) {
        throw connectionFailed ? error : new ConsumerFailure(error);
    }
}
/** Reads a whole body; a connection that closes early rejects. */
async function readBody(message) {
    const chunks = [];
    try {
        for await (const chunk of message)
            chunks.push(chunk);
    }
    catch (error) {
        throw cutShort(message, error);
    }
    if (!message.complete)
        throw cutShort(message);
    return Buffer.concat(chunks);
}
/**
 * Node reports a body cut short as a reset (`aborted`, ECONNRESET), though
 * the answer had begun: say what happened instead.
 */
function cutShort(message, cause) {
    if (message.complete)
        return toError(cause);
    return new Error('the connection closed before the whole answer arrived', {
        cause
    });
}
/** `Retry-After` in seconds, from a number of seconds or an HTTP date. */
function parseRetryAfter(value) {
    const text = Array.isArray(value) ? value[0] : value;
    if (!text?.trim())
        return undefined;
    if (/^\d+$/.test(text.trim()))
        return Number(text.trim());
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
/** Exponential backoff with jitter: half the step, plus up to the other half. */
function backoff(attempt, random = Math.random) {
    const step = Math.min(BACKOFF_CEILING_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
    return Math.round(step / 2 + random() * (step / 2));
}
function describeNetworkError(error) {
    if (error instanceof TimeoutError)
        return error.message;
    const code = codeOf(error);
    const known = {
        ECONNRESET: 'the connection was reset',
        ECONNREFUSED: 'the connection was refused',
        ENOTFOUND: 'the host name was not found',
        EAI_AGAIN: 'the host name could not be resolved',
        ETIMEDOUT: 'the connection timed out',
        EPIPE: 'the connection closed while sending',
        ECONNABORTED: 'the connection was aborted'
    };
    return known[code] ?? (error.message || error.name);
}
function codeOf(error) {
    const code = error.code;
    return typeof code === 'string' ? code : '';
}
function toError(error) {
    return (0,types_namespaceObject.isNativeError)(error) || error instanceof Error
        ? error
        : new Error(String(error));
}
function delay(ms) {
    return new Promise(resolve => setTimeout(resolve, ms));
}
function formatSeconds(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    const seconds = ms / 1000;
    if (seconds < 10)
        return `${Number(seconds.toFixed(1))} s`;
    if (seconds < 120)
        return `${Math.round(seconds)} s`;
    if (seconds < 7200)
        return `${Math.round(seconds / 60)} min`;
    return `${Number((seconds / 3600).toFixed(1))} h`;
}

;// CONCATENATED MODULE: ./src/token.ts


/** Printable ASCII without spaces: what a bearer token may hold. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;
/** The Basic credential Spotify's token endpoint expects. */
function basicCredential(clientId, clientSecret) {
    return Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
}
/**
 * Mints an access token with the refresh-token grant.
 * https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens
 *
 * Every token in the answer is masked before this function returns, so no
 * later log line can show it.
 */
async function refreshAccessToken(transport, tokenUrl, credentials, log) {
    const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credentials.refreshToken
    });
    return requestToken(transport, tokenUrl, credentials, form, log);
}
/**
 * Posts a grant to the token endpoint and reads the answer. Shared by the
 * refresh-token grant and the authorization-code exchange.
 */
async function requestToken(transport, tokenUrl, credentials, form, log) {
    const basic = basicCredential(credentials.clientId, credentials.clientSecret);
    log.mask(basic);
    const response = await transport.send({
        method: 'POST',
        url: tokenUrl,
        headers: {
            authorization: `Basic ${basic}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json'
        },
        body: form.toString(),
        // Minting a token twice is harmless, so a lost answer may be retried.
        idempotent: true
    });
    const body = parseJson(response.body);
    if (response.status !== 200) {
        throw tokenFailure(tokenUrl, response, body);
    }
    return readToken(tokenUrl, body, log);
}
function readToken(tokenUrl, body, log) {
    const fields = isRecord(body) ? body : {};
    const accessToken = fields.access_token;
    if (typeof accessToken !== 'string' || !accessToken) {
        throw new TokenError(`The token endpoint ${describeTarget(tokenUrl)} answered HTTP 200 without an access_token${isRecord(body) ? '' : ' (the answer is not JSON)'}. Check that token-url points at Spotify's token endpoint.`, 200);
    }
    log.mask(accessToken);
    const refreshToken = stringField(fields, 'refresh_token');
    if (refreshToken)
        log.mask(refreshToken);
    // It goes out as `Authorization: Bearer <token>`, where a space or a line
    // break could not be sent, or would split the header.
    if (!HEADER_SAFE.test(accessToken)) {
        throw new TokenError(`The token endpoint ${describeTarget(tokenUrl)} answered HTTP 200 with an access_token that holds spaces, line breaks or other characters an Authorization header cannot carry. Check that token-url points at Spotify's token endpoint.`, 200);
    }
    const expiresIn = Number(fields.expires_in ?? 3600);
    const expiresAt = new Date(Date.now() + expiresIn * 1000);
    // Note: checked here, as an invalid date fails later as a bare
    // "Invalid time value".
    if (!Number.isInteger(expiresIn) || expiresIn < 0 || !isValid(expiresAt)) {
        throw new TokenError(`The token endpoint ${describeTarget(tokenUrl)} answered HTTP 200 with an expires_in that is not a whole number of seconds. Check that token-url points at Spotify's token endpoint.`, 200);
    }
    return {
        accessToken,
        tokenType: stringField(fields, 'token_type') ?? 'Bearer',
        expiresIn,
        expiresAt,
        scope: stringField(fields, 'scope') ?? '',
        refreshToken
    };
}
/** Turns Spotify's `{error, error_description}` into what to do next. */
function tokenFailure(tokenUrl, response, body) {
    const { status } = response;
    const fields = isRecord(body) ? body : {};
    const code = stringField(fields, 'error');
    const description = stringField(fields, 'error_description');
    const said = [code, description].filter(Boolean).join(': ');
    if (code === 'invalid_grant') {
        return new TokenError(`Spotify refused the refresh token (${said}). It is wrong, revoked, or past Spotify's 6-month limit. Authorize the app again (npx spotify-ads authorize) and update the secret passed as refresh-token.`, status, code);
    }
    if (code === 'invalid_client') {
        return new TokenError(`Spotify refused the client credentials (${said}). Check client-id and client-secret against the app in Spotify's developer dashboard.`, status, code);
    }
    const detail = said ? `: ${said}` : describeBody(response);
    const gaveUp = response.gaveUp ? ` (${response.gaveUp})` : '';
    return new TokenError(`The token endpoint ${describeTarget(tokenUrl)} answered HTTP ${status}${detail}${gaveUp}.`, status, code);
}
function describeBody(response) {
    const type = response.headers['content-type'] ?? 'no content type';
    return response.body.length
        ? ` with a ${response.body.length}-byte ${type} body that is not Spotify's error JSON`
        : '';
}
function isValid(date) {
    return !Number.isNaN(date.getTime());
}
function parseJson(body) {
    try {
        return JSON.parse(body.toString('utf8'));
    }
    catch {
        return undefined;
    }
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function stringField(fields, name) {
    const value = fields[name];
    return typeof value === 'string' && value ? value : undefined;
}

;// CONCATENATED MODULE: ./src/cli/callback.ts
/**
 * The loopback server that receives Spotify's redirect after the person
 * agrees (or declines) in the browser. It answers one callback, checks its
 * `state` before anything else, and only then exchanges the code.
 * https://developer.spotify.com/documentation/web-api/tutorials/code-flow
 */





/**
 * Listens on the redirect URI's host and port. Rejects with an
 * `AuthorizeError` when the port is taken, so that no URL is printed that
 * could never come back.
 */
async function listenForCallback(options) {
    const server = external_node_http_default().createServer();
    await listen(server, options.redirectUri);
    return new LoopbackCallback(server, options);
}
class LoopbackCallback {
    server;
    options;
    result;
    settle = () => undefined;
    /** Set by the first callback, or by the timeout: nothing else is taken. */
    handled = false;
    timer;
    constructor(server, options) {
        this.server = server;
        this.options = options;
        this.result = new Promise((resolve, reject) => {
            this.settle = outcome => outcome instanceof Error ? reject(outcome) : resolve(outcome.value);
        });
        // Nobody may be awaiting yet (the browser is still opening): not unhandled.
        this.result.catch(() => undefined);
        this.timer = setTimeout(() => this.giveUp(), options.timeoutMs);
        server.on('request', (req, res) => this.answer(req, res));
    }
    close() {
        stopServer(this.server);
    }
    answer(req, res) {
        const url = requestUrl(req, this.options.redirectUri);
        if (url?.pathname !== this.options.redirectUri.pathname) {
            return page(res, 404, 'Nothing here', 'spotify-ads is waiting for Spotify at another path.');
        }
        if (req.method !== 'GET') {
            return page(res, 405, 'Method not allowed', 'Spotify sends the browser here with GET.');
        }
        if (this.handled) {
            return page(res, 409, 'Already handled', 'This authorization has been handled already. You can close this tab.');
        }
        // One callback only, and no timeout once it is in: the exchange has its own.
        this.handled = true;
        clearTimeout(this.timer);
        void this.exchange(url.searchParams, res);
    }
    async exchange(query, res) {
        const callback = readCallback(query, this.options.state);
        if ('refusal' in callback) {
            const { status, title, text, refusal } = callback;
            return page(res, status, title, text, () => this.finish(refusal));
        }
        let outcome;
        try {
            outcome = { value: await this.options.exchange(callback.code) };
        }
        catch (error) {
            outcome = error instanceof Error ? error : new Error(messageOf(error));
        }
        if (outcome instanceof Error) {
            page(res, 502, 'No token', 'Spotify did not issue a token. The terminal says why.', () => this.finish(outcome));
        }
        else {
            page(res, 200, 'Authorized', 'spotify-ads has the refresh token. You can close this tab and go back to the terminal.', () => this.finish(outcome));
        }
    }
    giveUp() {
        this.handled = true;
        this.finish(timeoutError(this.options));
    }
    finish(outcome) {
        clearTimeout(this.timer);
        this.close();
        this.settle(outcome);
    }
}
/**
 * Reads the callback's query. The state is checked first: a callback that
 * does not carry the state this run sent did not come from its
 * authorization (it may be forged), and its code must never be exchanged.
 */
function readCallback(query, state) {
    const received = query.get('state');
    if (received === null || !sameState(received, state)) {
        const what = received === null
            ? 'carries no state'
            : 'carries a state that does not match the one this run sent';
        return refusal(400, 'Wrong state', `The redirect ${what}, so it did not come from the authorization spotify-ads started. Nothing was exchanged. Run spotify-ads authorize again, and open only the URL it prints.`);
    }
    const error = query.get('error');
    if (error === 'access_denied') {
        return refusal(403, 'Not authorized', 'Access was declined on Spotify\u2019s consent page (error=access_denied), so Spotify issued no token. Run spotify-ads authorize again and agree, if that was a mistake.');
    }
    if (error !== null) {
        return refusal(400, 'Not authorized', `Spotify did not authorize the app: error=${printable(error)}. Run spotify-ads authorize again.`);
    }
    const code = query.get('code');
    if (!code) {
        return refusal(400, 'No code', 'The redirect carries neither a code nor an error, so there is nothing to exchange. Run spotify-ads authorize again.');
    }
    return { code };
}
/** Compares states in constant time, whatever their lengths. */
function sameState(received, expected) {
    const digest = (text) => (0,external_node_crypto_namespaceObject.createHash)('sha256').update(text).digest();
    return (0,external_node_crypto_namespaceObject.timingSafeEqual)(digest(received), digest(expected));
}
function refusal(status, title, text) {
    return { refusal: new AuthorizeError(text), status, title, text };
}
function timeoutError(options) {
    return new AuthorizeError(`No answer from the browser within ${formatSeconds(options.timeoutMs)}. If Spotify showed an error page (INVALID_CLIENT: Invalid client, or Invalid redirect URI), check the client id, and that ${options.redirectUri.href} is a redirect URI in your app's settings on the developer dashboard. Then run spotify-ads authorize again.`);
}
function listen(server, redirectUri) {
    const host = redirectUri.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(redirectUri.port || 80);
    return new Promise((resolve, reject) => {
        server.once('error', error => reject(listenError(error, host, port)));
        server.listen(port, host, () => resolve());
    });
}
function listenError(error, host, port) {
    const code = error.code;
    const alternative = 'pass another loopback redirect URI with --redirect-uri, e.g. http://127.0.0.1:8888/callback (Spotify accepts any port when the redirect URI in your app\u2019s settings has none; otherwise add the new one there)';
    if (code === 'EADDRINUSE') {
        return new AuthorizeError(`Port ${port} on ${host} is in use by another program, so the browser could not come back here. Stop that program, or ${alternative}.`);
    }
    if (code === 'EACCES') {
        return new AuthorizeError(`Listening on port ${port} of ${host} needs privileges this user does not have; ${alternative}.`);
    }
    return new AuthorizeError(`Cannot listen on ${host} port ${port}: ${error.message}; ${alternative}.`);
}
function stopServer(server) {
    if (!server.listening)
        return;
    server.close();
    server.closeIdleConnections();
    // A browser may hold a pre-connected socket open; do not wait for it.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
}
function requestUrl(req, base) {
    try {
        return new URL(req.url ?? '/', base);
    }
    catch {
        return undefined;
    }
}
function page(res, status, title, text, done) {
    const body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>spotify-ads: ${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3em; max-width: 40em">
<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>
`;
    res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // The callback URL holds the code: never send it on as a referrer.
        'referrer-policy': 'no-referrer',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        'x-content-type-options': 'nosniff',
        connection: 'close'
    });
    if (done)
        res.once('finish', done);
    res.end(body);
}
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`);
}
/** A value from the browser, safe to show on a terminal. */
function printable(text) {
    // eslint-disable-next-line no-control-regex
    const plain = text.replace(/[\u0000-\u001f\u007f]/g, '?');
    return plain.length > 100 ? `${plain.slice(0, 100)}…` : plain;
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./node_modules/@jmespath-community/jmespath/dist/index.mjs
// src/utils/index.ts
var isObject = (obj) => {
  return obj !== null && Object.prototype.toString.call(obj) === "[object Object]";
};
var strictDeepEqual = (first, second) => {
  if (first === second) {
    return true;
  }
  if (typeof first !== typeof second) {
    return false;
  }
  if (Array.isArray(first) && Array.isArray(second)) {
    if (first.length !== second.length) {
      return false;
    }
    for (let i = 0; i < first.length; i += 1) {
      if (!strictDeepEqual(first[i], second[i])) {
        return false;
      }
    }
    return true;
  }
  if (isObject(first) && isObject(second)) {
    const firstEntries = Object.entries(first);
    const secondKeys = new Set(Object.keys(second));
    if (firstEntries.length !== secondKeys.size) {
      return false;
    }
    for (const [key, value] of firstEntries) {
      if (!strictDeepEqual(value, second[key])) {
        return false;
      }
      secondKeys.delete(key);
    }
    return secondKeys.size === 0;
  }
  return false;
};
var isFalse = (obj) => {
  if (obj === null || obj === void 0 || obj === false) {
    return true;
  }
  if (typeof obj === "string") {
    return obj === "";
  }
  if (typeof obj === "object") {
    if (Array.isArray(obj)) {
      return obj.length === 0;
    }
    if (obj === null) {
      return true;
    }
    return Object.keys(obj).length === 0;
  }
  return false;
};
var isAlpha = (ch) => {
  return ch >= "a" && ch <= "z" || ch >= "A" && ch <= "Z" || ch === "_";
};
var isNum = (ch) => {
  return ch >= "0" && ch <= "9" || ch === "-";
};
var isAlphaNum = (ch) => {
  return ch >= "a" && ch <= "z" || ch >= "A" && ch <= "Z" || ch >= "0" && ch <= "9" || ch === "_";
};
var ensureInteger = (value) => {
  if (!(typeof value === "number") || Math.floor(value) !== value) {
    throw new Error("invalid-value: expecting an integer.");
  }
  return value;
};
var ensurePositiveInteger = (value) => {
  if (!(typeof value === "number") || value < 0 || Math.floor(value) !== value) {
    throw new Error("invalid-value: expecting a non-negative integer.");
  }
  return value;
};
var ensureNumbers = (...operands) => {
  for (let i = 0; i < operands.length; i++) {
    if (operands[i] === null || operands[i] === void 0) {
      throw new Error("not-a-number: undefined");
    }
    if (typeof operands[i] !== "number") {
      throw new Error("not-a-number");
    }
  }
};
var notZero = (n) => {
  n = +n;
  if (!n) {
    throw new Error("not-a-number: divide by zero");
  }
  return n;
};
var add = (left, right) => {
  ensureNumbers(left, right);
  const result = left + right;
  return result;
};
var sub = (left, right) => {
  ensureNumbers(left, right);
  const result = left - right;
  return result;
};
var mul = (left, right) => {
  ensureNumbers(left, right);
  const result = left * right;
  return result;
};
var divide = (left, right) => {
  ensureNumbers(left, right);
  const result = left / notZero(right);
  return result;
};
var div = (left, right) => {
  ensureNumbers(left, right);
  const result = Math.floor(left / notZero(right));
  return result;
};
var mod = (left, right) => {
  ensureNumbers(left, right);
  const result = left % right;
  return result;
};

// src/utils/strings.ts
var findFirst = (subject, sub2, start, end) => {
  if (!subject || !sub2) {
    return null;
  }
  start = Math.max(ensureInteger(start = start || 0), 0);
  end = Math.min(ensureInteger(end = end || subject.length), subject.length);
  const offset = subject.slice(start, end).indexOf(sub2);
  return offset === -1 ? null : offset + start;
};
var findLast = (subject, sub2, start, end) => {
  if (!subject || !sub2) {
    return null;
  }
  start = Math.max(ensureInteger(start = start || 0), 0);
  end = Math.min(ensureInteger(end = end || subject.length), subject.length);
  const offset = subject.slice(start, end).lastIndexOf(sub2);
  const result = offset === -1 ? null : offset + start;
  return result;
};
var lower = (subject) => subject.toLowerCase();
var ensurePadFuncParams = (name, width, padding) => {
  padding = padding || " ";
  if (padding.length > 1) {
    throw new Error(`invalid value, ${name} expects its 'pad' parameter to be a valid string with a single codepoint`);
  }
  ensurePositiveInteger(width);
  return padding;
};
var padLeft = (subject, width, padding) => {
  padding = ensurePadFuncParams("pad_left", width, padding);
  return subject && subject.padStart(width, padding) || "";
};
var padRight = (subject, width, padding) => {
  padding = ensurePadFuncParams("pad_right", width, padding);
  return subject && subject.padEnd(width, padding) || "";
};
var replace = (subject, string, by, count) => {
  if (count === 0) {
    return subject;
  }
  if (!count) {
    return subject.split(string).join(by);
  }
  ensurePositiveInteger(count);
  [...Array(count).keys()].map(() => subject = subject.replace(string, by));
  return subject;
};
var split = (subject, search2, count) => {
  if (subject.length == 0 && search2.length === 0) {
    return [];
  }
  if (count === null || count === void 0) {
    return subject.split(search2);
  }
  ensurePositiveInteger(count);
  if (count === 0) {
    return [subject];
  }
  const split2 = subject.split(search2);
  return [...split2.slice(0, count), split2.slice(count).join(search2)];
};
var trim = (subject, chars) => {
  return trimLeft(trimRight(subject, chars), chars);
};
var trimLeft = (subject, chars) => {
  return trimImpl(subject, (list) => new RegExp(`^[${list}]*(.*?)`), chars);
};
var trimRight = (subject, chars) => {
  return trimImpl(subject, (list) => new RegExp(`(.*?)[${list}]*$`), chars);
};
var trimImpl = (subject, regExper, chars) => {
  const pattern = chars ? chars.replace(/[-/\\^$*+?.()|[\]{}]/g, "\\$&") : "\\s\x85";
  return subject.replace(regExper(pattern), "$1");
};
var upper = (subject) => subject.toUpperCase();

// src/Lexer.ts
var basicTokens = {
  "(": "Lparen" /* TOK_LPAREN */,
  ")": "Rparen" /* TOK_RPAREN */,
  "*": "Star" /* TOK_STAR */,
  ",": "Comma" /* TOK_COMMA */,
  ".": "Dot" /* TOK_DOT */,
  ":": "Colon" /* TOK_COLON */,
  "@": "Current" /* TOK_CURRENT */,
  "]": "Rbracket" /* TOK_RBRACKET */,
  "{": "Lbrace" /* TOK_LBRACE */,
  "}": "Rbrace" /* TOK_RBRACE */,
  "+": "Plus" /* TOK_PLUS */,
  "%": "Modulo" /* TOK_MODULO */,
  "?": "Question" /* TOK_QUESTION */,
  "\u2212": "Minus" /* TOK_MINUS */,
  "\xD7": "Multiply" /* TOK_MULTIPLY */,
  "\xF7": "Divide" /* TOK_DIVIDE */
};
var operatorStartToken = {
  "!": true,
  "<": true,
  "=": true,
  ">": true,
  "&": true,
  "|": true,
  "/": true
};
var skipChars = {
  "	": true,
  "\n": true,
  "\r": true,
  " ": true
};
var StreamLexer = class {
  _current = 0;
  _enable_legacy_literals = false;
  tokenize(stream, options) {
    const tokens = [];
    this._current = 0;
    this._enable_legacy_literals = options?.enable_legacy_literals || false;
    let start;
    let identifier;
    let token;
    while (this._current < stream.length) {
      if (isAlpha(stream[this._current])) {
        start = this._current;
        identifier = this.consumeUnquotedIdentifier(stream);
        tokens.push({
          start,
          type: "UnquotedIdentifier" /* TOK_UNQUOTEDIDENTIFIER */,
          value: identifier
        });
      } else if (basicTokens[stream[this._current]] !== void 0) {
        tokens.push({
          start: this._current,
          type: basicTokens[stream[this._current]],
          value: stream[this._current]
        });
        this._current += 1;
      } else if (stream[this._current] === "$") {
        start = this._current;
        if (this._current + 1 < stream.length && isAlpha(stream[this._current + 1])) {
          this._current += 1;
          identifier = this.consumeUnquotedIdentifier(stream);
          tokens.push({
            start,
            type: "Variable" /* TOK_VARIABLE */,
            value: identifier
          });
        } else {
          tokens.push({
            start,
            type: "Root" /* TOK_ROOT */,
            value: stream[this._current]
          });
          this._current += 1;
        }
      } else if (stream[this._current] === "-") {
        if (this._current + 1 < stream.length && isNum(stream[this._current + 1])) {
          const token2 = this.consumeNumber(stream);
          token2 && tokens.push(token2);
        } else {
          const token2 = {
            start: this._current,
            type: "Minus" /* TOK_MINUS */,
            value: "-"
          };
          tokens.push(token2);
          this._current += 1;
        }
      } else if (isNum(stream[this._current])) {
        token = this.consumeNumber(stream);
        tokens.push(token);
      } else if (stream[this._current] === "[") {
        token = this.consumeLBracket(stream);
        tokens.push(token);
      } else if (stream[this._current] === '"') {
        start = this._current;
        identifier = this.consumeQuotedIdentifier(stream);
        tokens.push({
          start,
          type: "QuotedIdentifier" /* TOK_QUOTEDIDENTIFIER */,
          value: identifier
        });
      } else if (stream[this._current] === `'`) {
        start = this._current;
        identifier = this.consumeRawStringLiteral(stream);
        tokens.push({
          start,
          type: "Literal" /* TOK_LITERAL */,
          value: identifier
        });
      } else if (stream[this._current] === "`") {
        start = this._current;
        const literal = this.consumeLiteral(stream);
        tokens.push({
          start,
          type: "Literal" /* TOK_LITERAL */,
          value: literal
        });
      } else if (operatorStartToken[stream[this._current]] !== void 0) {
        token = this.consumeOperator(stream);
        token && tokens.push(token);
      } else if (skipChars[stream[this._current]] !== void 0) {
        this._current += 1;
      } else {
        const error = new Error(`Syntax error: unknown character: ${stream[this._current]}`);
        error.name = "LexerError";
        throw error;
      }
    }
    return tokens;
  }
  consumeUnquotedIdentifier(stream) {
    const start = this._current;
    this._current += 1;
    while (this._current < stream.length && isAlphaNum(stream[this._current])) {
      this._current += 1;
    }
    return stream.slice(start, this._current);
  }
  consumeQuotedIdentifier(stream) {
    const start = this._current;
    this._current += 1;
    const maxLength = stream.length;
    while (stream[this._current] !== '"' && this._current < maxLength) {
      let current = this._current;
      if (stream[current] === "\\" && (stream[current + 1] === "\\" || stream[current + 1] === '"')) {
        current += 2;
      } else {
        current += 1;
      }
      this._current = current;
    }
    this._current += 1;
    const [value, ok] = this.parseJSON(stream.slice(start, this._current));
    if (!ok) {
      const error = new Error(`syntax: unexpected end of JSON input`);
      error.name = "LexerError";
      throw error;
    }
    return value;
  }
  consumeRawStringLiteral(stream) {
    const start = this._current;
    this._current += 1;
    const maxLength = stream.length;
    while (stream[this._current] !== `'` && this._current < maxLength) {
      let current = this._current;
      if (stream[current] === "\\" && (stream[current + 1] === "\\" || stream[current + 1] === `'`)) {
        current += 2;
      } else {
        current += 1;
      }
      this._current = current;
    }
    this._current += 1;
    const literal = stream.slice(start + 1, this._current - 1);
    return replace(replace(literal, `\\\\`, `\\`), `\\'`, `'`);
  }
  consumeNumber(stream) {
    const start = this._current;
    this._current += 1;
    const maxLength = stream.length;
    while (isNum(stream[this._current]) && this._current < maxLength) {
      this._current += 1;
    }
    const value = parseInt(stream.slice(start, this._current), 10);
    return { start, value, type: "Number" /* TOK_NUMBER */ };
  }
  consumeLBracket(stream) {
    const start = this._current;
    this._current += 1;
    if (stream[this._current] === "?") {
      this._current += 1;
      return { start, type: "Filter" /* TOK_FILTER */, value: "[?" };
    }
    if (stream[this._current] === "]") {
      this._current += 1;
      return { start, type: "Flatten" /* TOK_FLATTEN */, value: "[]" };
    }
    return { start, type: "Lbracket" /* TOK_LBRACKET */, value: "[" };
  }
  consumeOrElse(stream, peek, token, orElse) {
    const start = this._current;
    this._current += 1;
    if (this._current < stream.length && stream[this._current] === peek) {
      this._current += 1;
      return {
        start,
        type: orElse,
        value: stream.slice(start, this._current)
      };
    }
    return { start, type: token, value: stream[start] };
  }
  consumeOperator(stream) {
    const start = this._current;
    const startingChar = stream[start];
    switch (startingChar) {
      case "!":
        return this.consumeOrElse(stream, "=", "Not" /* TOK_NOT */, "NE" /* TOK_NE */);
      case "<":
        return this.consumeOrElse(stream, "=", "LT" /* TOK_LT */, "LTE" /* TOK_LTE */);
      case ">":
        return this.consumeOrElse(stream, "=", "GT" /* TOK_GT */, "GTE" /* TOK_GTE */);
      case "=":
        return this.consumeOrElse(stream, "=", "Assign" /* TOK_ASSIGN */, "EQ" /* TOK_EQ */);
      case "&":
        return this.consumeOrElse(stream, "&", "Expref" /* TOK_EXPREF */, "And" /* TOK_AND */);
      case "|":
        return this.consumeOrElse(stream, "|", "Pipe" /* TOK_PIPE */, "Or" /* TOK_OR */);
      case "/":
        return this.consumeOrElse(stream, "/", "Divide" /* TOK_DIVIDE */, "Div" /* TOK_DIV */);
    }
  }
  consumeLiteral(stream) {
    this._current += 1;
    const start = this._current;
    const maxLength = stream.length;
    while (stream[this._current] !== "`" && this._current < maxLength) {
      let current = this._current;
      if (stream[current] === "\\" && (stream[current + 1] === "\\" || stream[current + 1] === "`")) {
        current += 2;
      } else {
        current += 1;
      }
      this._current = current;
    }
    let literalString = stream.slice(start, this._current).trimStart();
    literalString = literalString.replace("\\`", "`");
    let literal = null;
    let ok = false;
    if (this.looksLikeJSON(literalString)) {
      [literal, ok] = this.parseJSON(literalString);
    }
    if (!ok && this._enable_legacy_literals) {
      [literal, ok] = this.parseJSON(`"${literalString}"`);
    }
    if (!ok) {
      const error = new Error(
        `Syntax error: unexpected end of JSON input or invalid format for a JSON literal: ${stream[this._current]}`
      );
      error.name = "LexerError";
      throw error;
    }
    this._current += 1;
    return literal;
  }
  looksLikeJSON(literalString) {
    const startingChars = '[{"';
    const jsonLiterals = ["true", "false", "null"];
    const numberLooking = "-0123456789";
    if (literalString === "") {
      return false;
    }
    if (startingChars.includes(literalString[0])) {
      return true;
    }
    if (jsonLiterals.includes(literalString)) {
      return true;
    }
    if (numberLooking.includes(literalString[0])) {
      const [_, ok] = this.parseJSON(literalString);
      return ok;
    }
    return false;
  }
  parseJSON(text) {
    try {
      const json = JSON.parse(text);
      return [json, true];
    } catch {
      return [null, false];
    }
  }
};
var Lexer = new StreamLexer();
var Lexer_default = Lexer;

// src/Parser.ts
var bindingPower = {
  ["EOF" /* TOK_EOF */]: 0,
  ["Variable" /* TOK_VARIABLE */]: 0,
  ["UnquotedIdentifier" /* TOK_UNQUOTEDIDENTIFIER */]: 0,
  ["QuotedIdentifier" /* TOK_QUOTEDIDENTIFIER */]: 0,
  ["Rbracket" /* TOK_RBRACKET */]: 0,
  ["Rparen" /* TOK_RPAREN */]: 0,
  ["Comma" /* TOK_COMMA */]: 0,
  ["Rbrace" /* TOK_RBRACE */]: 0,
  ["Number" /* TOK_NUMBER */]: 0,
  ["Current" /* TOK_CURRENT */]: 0,
  ["Expref" /* TOK_EXPREF */]: 0,
  ["Root" /* TOK_ROOT */]: 0,
  ["Assign" /* TOK_ASSIGN */]: 1,
  ["Pipe" /* TOK_PIPE */]: 1,
  ["Question" /* TOK_QUESTION */]: 2,
  ["Or" /* TOK_OR */]: 3,
  ["And" /* TOK_AND */]: 4,
  ["EQ" /* TOK_EQ */]: 5,
  ["GT" /* TOK_GT */]: 5,
  ["LT" /* TOK_LT */]: 5,
  ["GTE" /* TOK_GTE */]: 5,
  ["LTE" /* TOK_LTE */]: 5,
  ["NE" /* TOK_NE */]: 5,
  ["Minus" /* TOK_MINUS */]: 6,
  ["Plus" /* TOK_PLUS */]: 6,
  ["Div" /* TOK_DIV */]: 7,
  ["Divide" /* TOK_DIVIDE */]: 7,
  ["Modulo" /* TOK_MODULO */]: 7,
  ["Multiply" /* TOK_MULTIPLY */]: 7,
  ["Flatten" /* TOK_FLATTEN */]: 9,
  ["Star" /* TOK_STAR */]: 20,
  ["Filter" /* TOK_FILTER */]: 21,
  ["Dot" /* TOK_DOT */]: 40,
  ["Not" /* TOK_NOT */]: 45,
  ["Lbrace" /* TOK_LBRACE */]: 50,
  ["Lbracket" /* TOK_LBRACKET */]: 55,
  ["Lparen" /* TOK_LPAREN */]: 60
};
var TokenParser = class _TokenParser {
  index = 0;
  tokens = [];
  parse(expression, options) {
    this.loadTokens(expression, options || { enable_legacy_literals: false });
    this.index = 0;
    const ast = this.expression(0);
    if (this.lookahead(0) !== "EOF" /* TOK_EOF */) {
      const token = this.lookaheadToken(0);
      this.errorToken(token, `Syntax error: unexpected token type: ${token.type}, value: ${token.value}`);
    }
    return ast;
  }
  loadTokens(expression, options) {
    this.tokens = Lexer_default.tokenize(expression, options);
    this.tokens.push({ type: "EOF" /* TOK_EOF */, value: "", start: expression.length });
  }
  expression(rbp) {
    const leftToken = this.lookaheadToken(0);
    this.advance();
    let left = this.nud(leftToken);
    let currentTokenType = this.lookahead(0);
    while (rbp < bindingPower[currentTokenType]) {
      this.advance();
      left = this.led(currentTokenType, left);
      currentTokenType = this.lookahead(0);
    }
    return left;
  }
  lookahead(offset) {
    return this.tokens[this.index + offset].type;
  }
  lookaheadToken(offset) {
    return this.tokens[this.index + offset];
  }
  advance() {
    this.index += 1;
  }
  nud(token) {
    switch (token.type) {
      case "Variable" /* TOK_VARIABLE */:
        return { type: "Variable", name: token.value };
      case "Literal" /* TOK_LITERAL */:
        return { type: "Literal", value: token.value };
      case "UnquotedIdentifier" /* TOK_UNQUOTEDIDENTIFIER */: {
        if (_TokenParser.isKeyword(token, "let") && this.lookahead(0) === "Variable" /* TOK_VARIABLE */) {
          return this.parseLetExpression();
        } else {
          return { type: "Field", name: token.value };
        }
      }
      case "QuotedIdentifier" /* TOK_QUOTEDIDENTIFIER */:
        if (this.lookahead(0) === "Lparen" /* TOK_LPAREN */) {
          throw new Error("Syntax error: quoted identifier not allowed for function names.");
        } else {
          return { type: "Field", name: token.value };
        }
      case "Not" /* TOK_NOT */: {
        const child = this.expression(bindingPower.Not);
        return { type: "NotExpression", child };
      }
      case "Minus" /* TOK_MINUS */: {
        const child = this.expression(bindingPower.Minus);
        return {
          type: "Unary",
          operator: token.type,
          operand: child
        };
      }
      case "Plus" /* TOK_PLUS */: {
        const child = this.expression(bindingPower.Plus);
        return {
          type: "Unary",
          operator: token.type,
          operand: child
        };
      }
      case "Star" /* TOK_STAR */: {
        const left = { type: "Identity" };
        return { type: "ValueProjection", left, right: this.parseProjectionRHS(bindingPower.Star) };
      }
      case "Filter" /* TOK_FILTER */:
        return this.led(token.type, { type: "Identity" });
      case "Lbrace" /* TOK_LBRACE */:
        return this.parseMultiselectHash();
      case "Flatten" /* TOK_FLATTEN */: {
        const left = {
          type: "Flatten",
          child: { type: "Identity" }
        };
        const right = this.parseProjectionRHS(bindingPower.Flatten);
        return { type: "Projection", left, right };
      }
      case "Lbracket" /* TOK_LBRACKET */: {
        if (this.lookahead(0) === "Number" /* TOK_NUMBER */ || this.lookahead(0) === "Colon" /* TOK_COLON */) {
          const right = this.parseIndexExpression();
          return this.projectIfSlice({ type: "Identity" }, right);
        }
        if (this.lookahead(0) === "Star" /* TOK_STAR */ && this.lookahead(1) === "Rbracket" /* TOK_RBRACKET */) {
          this.advance();
          this.advance();
          const right = this.parseProjectionRHS(bindingPower.Star);
          return {
            left: { type: "Identity" },
            right,
            type: "Projection"
          };
        }
        return this.parseMultiselectList();
      }
      case "Current" /* TOK_CURRENT */:
        return { type: "Current" /* TOK_CURRENT */ };
      case "Root" /* TOK_ROOT */:
        return { type: "Root" /* TOK_ROOT */ };
      case "Expref" /* TOK_EXPREF */: {
        const child = this.expression(bindingPower.Expref);
        return { type: "ExpressionReference", child };
      }
      case "Lparen" /* TOK_LPAREN */: {
        const expression = this.expression(0);
        this.match("Rparen" /* TOK_RPAREN */);
        return expression;
      }
      default:
        this.errorToken(token);
    }
  }
  led(tokenName, left) {
    switch (tokenName) {
      case "Question" /* TOK_QUESTION */: {
        const trueExpr = this.expression(0);
        this.match("Colon" /* TOK_COLON */);
        const falseExpr = this.expression(0);
        return {
          type: "Ternary",
          condition: left,
          trueExpr,
          falseExpr
        };
      }
      case "Dot" /* TOK_DOT */: {
        const rbp = bindingPower.Dot;
        if (this.lookahead(0) !== "Star" /* TOK_STAR */) {
          const right2 = this.parseDotRHS(rbp);
          return { type: "Subexpression", left, right: right2 };
        }
        this.advance();
        const right = this.parseProjectionRHS(rbp);
        return { type: "ValueProjection", left, right };
      }
      case "Pipe" /* TOK_PIPE */: {
        const right = this.expression(bindingPower.Pipe);
        return { type: "Pipe", left, right };
      }
      case "Or" /* TOK_OR */: {
        const right = this.expression(bindingPower.Or);
        return { type: "OrExpression", left, right };
      }
      case "And" /* TOK_AND */: {
        const right = this.expression(bindingPower.And);
        return { type: "AndExpression", left, right };
      }
      case "Lparen" /* TOK_LPAREN */: {
        if (left.type !== "Field") {
          throw new Error("Syntax error: expected a Field node");
        }
        const name = left.name;
        const args = this.parseCommaSeparatedExpressionsUntilToken("Rparen" /* TOK_RPAREN */);
        const node = { name, type: "Function", children: args };
        return node;
      }
      case "Filter" /* TOK_FILTER */: {
        const condition = this.expression(0);
        this.match("Rbracket" /* TOK_RBRACKET */);
        const right = this.lookahead(0) === "Flatten" /* TOK_FLATTEN */ ? { type: "Identity" } : this.parseProjectionRHS(bindingPower.Filter);
        return { type: "FilterProjection", left, right, condition };
      }
      case "Flatten" /* TOK_FLATTEN */: {
        const leftNode = { type: "Flatten", child: left };
        const right = this.parseProjectionRHS(bindingPower.Flatten);
        return { type: "Projection", left: leftNode, right };
      }
      case "Assign" /* TOK_ASSIGN */: {
        const leftNode = left;
        const right = this.expression(0);
        return {
          type: "Binding",
          variable: leftNode.name,
          reference: right
        };
      }
      case "EQ" /* TOK_EQ */:
      case "NE" /* TOK_NE */:
      case "GT" /* TOK_GT */:
      case "GTE" /* TOK_GTE */:
      case "LT" /* TOK_LT */:
      case "LTE" /* TOK_LTE */:
        return this.parseComparator(left, tokenName);
      case "Plus" /* TOK_PLUS */:
      case "Minus" /* TOK_MINUS */:
      case "Multiply" /* TOK_MULTIPLY */:
      case "Star" /* TOK_STAR */:
      case "Divide" /* TOK_DIVIDE */:
      case "Modulo" /* TOK_MODULO */:
      case "Div" /* TOK_DIV */:
        return this.parseArithmetic(left, tokenName);
      case "Lbracket" /* TOK_LBRACKET */: {
        const token = this.lookaheadToken(0);
        if (token.type === "Number" /* TOK_NUMBER */ || token.type === "Colon" /* TOK_COLON */) {
          const right2 = this.parseIndexExpression();
          return this.projectIfSlice(left, right2);
        }
        this.match("Star" /* TOK_STAR */);
        this.match("Rbracket" /* TOK_RBRACKET */);
        const right = this.parseProjectionRHS(bindingPower.Star);
        return { type: "Projection", left, right };
      }
      default:
        return this.errorToken(this.lookaheadToken(0));
    }
  }
  static isKeyword(token, keyword) {
    return token.type === "UnquotedIdentifier" /* TOK_UNQUOTEDIDENTIFIER */ && token.value === keyword;
  }
  match(tokenType) {
    if (this.lookahead(0) === tokenType) {
      this.advance();
      return;
    } else {
      const token = this.lookaheadToken(0);
      this.errorToken(token, `Syntax error: expected ${tokenType}, got: ${token.type}`);
    }
  }
  errorToken(token, message = "") {
    const error = new Error(message || `Syntax error: invalid token (${token.type}): "${token.value}"`);
    error.name = "ParserError";
    throw error;
  }
  parseIndexExpression() {
    if (this.lookahead(0) === "Colon" /* TOK_COLON */ || this.lookahead(1) === "Colon" /* TOK_COLON */) {
      return this.parseSliceExpression();
    }
    const value = Number(this.lookaheadToken(0).value);
    this.advance();
    this.match("Rbracket" /* TOK_RBRACKET */);
    return { type: "Index", value };
  }
  projectIfSlice(left, right) {
    const indexExpr = {
      type: "IndexExpression",
      left,
      right
    };
    if (right.type === "Slice") {
      return {
        left: indexExpr,
        right: this.parseProjectionRHS(bindingPower.Star),
        type: "Projection"
      };
    }
    return indexExpr;
  }
  parseSliceExpression() {
    const parts = [null, null, null];
    let index = 0;
    let current = this.lookaheadToken(0);
    while (current.type != "Rbracket" /* TOK_RBRACKET */ && index < 3) {
      if (current.type === "Colon" /* TOK_COLON */) {
        index++;
        if (index === 3) {
          this.errorToken(this.lookaheadToken(0), "Syntax error, too many colons in slice expression");
        }
        this.advance();
      } else if (current.type === "Number" /* TOK_NUMBER */) {
        const part = this.lookaheadToken(0).value;
        parts[index] = part;
        this.advance();
      } else {
        const next = this.lookaheadToken(0);
        this.errorToken(next, `Syntax error, unexpected token: ${next.value}(${next.type})`);
      }
      current = this.lookaheadToken(0);
    }
    this.match("Rbracket" /* TOK_RBRACKET */);
    const [start, stop, step] = parts;
    return { type: "Slice", start, stop, step };
  }
  parseLetExpression() {
    const separated = this.parseCommaSeparatedExpressionsUntilKeyword("in");
    const expression = this.expression(0);
    const bindings = separated.map((binding) => binding);
    return {
      type: "LetExpression",
      bindings,
      expression
    };
  }
  parseCommaSeparatedExpressionsUntilKeyword(keyword) {
    return this.parseCommaSeparatedExpressionsUntil(
      () => {
        return _TokenParser.isKeyword(this.lookaheadToken(0), keyword);
      },
      () => {
        this.advance();
      }
    );
  }
  parseCommaSeparatedExpressionsUntilToken(token) {
    return this.parseCommaSeparatedExpressionsUntil(
      () => {
        return this.lookahead(0) === token;
      },
      () => {
        return this.match(token);
      }
    );
  }
  parseCommaSeparatedExpressionsUntil(isEndToken, matchEndToken) {
    const args = [];
    let expression;
    while (!isEndToken()) {
      expression = this.expression(0);
      if (this.lookahead(0) === "Comma" /* TOK_COMMA */) {
        this.match("Comma" /* TOK_COMMA */);
      }
      args.push(expression);
    }
    matchEndToken();
    return args;
  }
  parseComparator(left, comparator) {
    const right = this.expression(bindingPower[comparator]);
    return { type: "Comparator", name: comparator, left, right };
  }
  parseArithmetic(left, operator) {
    const right = this.expression(bindingPower[operator]);
    return { type: "Arithmetic", operator, left, right };
  }
  parseDotRHS(rbp) {
    const lookahead = this.lookahead(0);
    const exprTokens = ["UnquotedIdentifier" /* TOK_UNQUOTEDIDENTIFIER */, "QuotedIdentifier" /* TOK_QUOTEDIDENTIFIER */, "Star" /* TOK_STAR */];
    if (exprTokens.includes(lookahead)) {
      return this.expression(rbp);
    }
    if (lookahead === "Lbracket" /* TOK_LBRACKET */) {
      this.match("Lbracket" /* TOK_LBRACKET */);
      return this.parseMultiselectList();
    }
    if (lookahead === "Lbrace" /* TOK_LBRACE */) {
      this.match("Lbrace" /* TOK_LBRACE */);
      return this.parseMultiselectHash();
    }
    const token = this.lookaheadToken(0);
    this.errorToken(token, `Syntax error, unexpected token: ${token.value}(${token.type})`);
  }
  parseProjectionRHS(rbp) {
    if (bindingPower[this.lookahead(0)] < 10) {
      return { type: "Identity" };
    }
    if (this.lookahead(0) === "Lbracket" /* TOK_LBRACKET */) {
      return this.expression(rbp);
    }
    if (this.lookahead(0) === "Filter" /* TOK_FILTER */) {
      return this.expression(rbp);
    }
    if (this.lookahead(0) === "Dot" /* TOK_DOT */) {
      this.match("Dot" /* TOK_DOT */);
      return this.parseDotRHS(rbp);
    }
    const token = this.lookaheadToken(0);
    this.errorToken(token, `Syntax error, unexpected token: ${token.value}(${token.type})`);
  }
  parseMultiselectList() {
    const expressions = [];
    while (this.lookahead(0) !== "Rbracket" /* TOK_RBRACKET */) {
      const expression = this.expression(0);
      expressions.push(expression);
      if (this.lookahead(0) === "Comma" /* TOK_COMMA */) {
        this.match("Comma" /* TOK_COMMA */);
        if (this.lookahead(0) === "Rbracket" /* TOK_RBRACKET */) {
          throw new Error("Syntax error: unexpected token Rbracket");
        }
      }
    }
    this.match("Rbracket" /* TOK_RBRACKET */);
    return { type: "MultiSelectList", children: expressions };
  }
  parseMultiselectHash() {
    const pairs = [];
    const identifierTypes = ["UnquotedIdentifier" /* TOK_UNQUOTEDIDENTIFIER */, "QuotedIdentifier" /* TOK_QUOTEDIDENTIFIER */];
    let keyToken;
    let keyName;
    let value;
    for (; ; ) {
      keyToken = this.lookaheadToken(0);
      if (!identifierTypes.includes(keyToken.type)) {
        throw new Error(`Syntax error: expecting an identifier token, got: ${keyToken.type}`);
      }
      keyName = keyToken.value;
      this.advance();
      this.match("Colon" /* TOK_COLON */);
      value = this.expression(0);
      pairs.push({ value, type: "KeyValuePair", name: keyName });
      if (this.lookahead(0) === "Comma" /* TOK_COMMA */) {
        this.match("Comma" /* TOK_COMMA */);
      } else if (this.lookahead(0) === "Rbrace" /* TOK_RBRACE */) {
        this.match("Rbrace" /* TOK_RBRACE */);
        break;
      }
    }
    return { type: "MultiSelectHash", children: pairs };
  }
};
var Parser = new TokenParser();
var Parser_default = Parser;

// src/utils/text.ts
var Text = class _Text {
  _text;
  constructor(text) {
    this._text = text;
  }
  get string() {
    return this._text;
  }
  get length() {
    return this.codePoints.length;
  }
  compareTo(other) {
    return _Text.compare(this, new _Text(other));
  }
  static get comparer() {
    const stringComparer = (left, right) => {
      return new _Text(left).compareTo(right);
    };
    return stringComparer;
  }
  static compare(left, right) {
    const leftCp = left.codePoints;
    const rightCp = right.codePoints;
    for (let index = 0; index < Math.min(leftCp.length, rightCp.length); index++) {
      if (leftCp[index] === rightCp[index]) {
        continue;
      }
      return leftCp[index] - rightCp[index] > 0 ? 1 : -1;
    }
    return leftCp.length - rightCp.length > 0 ? 1 : -1;
  }
  reverse() {
    return String.fromCodePoint(...this.codePoints.reverse());
  }
  get codePoints() {
    const array = [...this._text].map((s) => s.codePointAt(0));
    return array;
  }
};

// src/Runtime.ts
var createMathFunction = (mathFn) => ([value]) => mathFn(value);
var createStringFunction = (stringFn) => ([subject]) => stringFn(subject);
var createObjectFunction = (objFn) => ([obj]) => objFn(obj);
var Runtime = class {
  _interpreter;
  _functionTable;
  _customFunctions = /* @__PURE__ */ new Set();
  TYPE_NAME_TABLE = Object.freeze({
    [0 /* TYPE_NUMBER */]: "number",
    [1 /* TYPE_ANY */]: "any",
    [2 /* TYPE_STRING */]: "string",
    [3 /* TYPE_ARRAY */]: "array",
    [4 /* TYPE_OBJECT */]: "object",
    [5 /* TYPE_BOOLEAN */]: "boolean",
    [6 /* TYPE_EXPREF */]: "expression",
    [7 /* TYPE_NULL */]: "null",
    [8 /* TYPE_ARRAY_NUMBER */]: "Array<number>",
    [10 /* TYPE_ARRAY_OBJECT */]: "Array<object>",
    [9 /* TYPE_ARRAY_STRING */]: "Array<string>",
    [11 /* TYPE_ARRAY_ARRAY */]: "Array<Array<any>>"
  });
  constructor(interpreter) {
    this._interpreter = interpreter;
    this._functionTable = this.buildFunctionTable();
  }
  buildFunctionTable() {
    return {
      // Math functions
      abs: { _func: createMathFunction(Math.abs), _signature: [{ types: [0 /* TYPE_NUMBER */] }] },
      ceil: { _func: createMathFunction(Math.ceil), _signature: [{ types: [0 /* TYPE_NUMBER */] }] },
      floor: { _func: createMathFunction(Math.floor), _signature: [{ types: [0 /* TYPE_NUMBER */] }] },
      // String functions
      lower: { _func: createStringFunction(lower), _signature: [{ types: [2 /* TYPE_STRING */] }] },
      upper: { _func: createStringFunction(upper), _signature: [{ types: [2 /* TYPE_STRING */] }] },
      // Object functions
      keys: { _func: createObjectFunction(Object.keys), _signature: [{ types: [4 /* TYPE_OBJECT */] }] },
      values: { _func: createObjectFunction(Object.values), _signature: [{ types: [4 /* TYPE_OBJECT */] }] },
      // Complex functions that need custom implementations
      avg: { _func: this.functionAvg, _signature: [{ types: [8 /* TYPE_ARRAY_NUMBER */] }] },
      contains: {
        _func: this.functionContains,
        _signature: [
          { types: [2 /* TYPE_STRING */, 3 /* TYPE_ARRAY */] },
          { types: [1 /* TYPE_ANY */] }
        ]
      },
      ends_with: {
        _func: this.functionEndsWith,
        _signature: [{ types: [2 /* TYPE_STRING */] }, { types: [2 /* TYPE_STRING */] }]
      },
      find_first: {
        _func: this.functionFindFirst,
        _signature: [
          { types: [2 /* TYPE_STRING */] },
          { types: [2 /* TYPE_STRING */] },
          { types: [0 /* TYPE_NUMBER */], optional: true },
          { types: [0 /* TYPE_NUMBER */], optional: true }
        ]
      },
      find_last: {
        _func: this.functionFindLast,
        _signature: [
          { types: [2 /* TYPE_STRING */] },
          { types: [2 /* TYPE_STRING */] },
          { types: [0 /* TYPE_NUMBER */], optional: true },
          { types: [0 /* TYPE_NUMBER */], optional: true }
        ]
      },
      from_items: { _func: this.functionFromItems, _signature: [{ types: [11 /* TYPE_ARRAY_ARRAY */] }] },
      group_by: {
        _func: this.functionGroupBy,
        _signature: [{ types: [3 /* TYPE_ARRAY */] }, { types: [6 /* TYPE_EXPREF */] }]
      },
      items: { _func: this.functionItems, _signature: [{ types: [4 /* TYPE_OBJECT */] }] },
      join: {
        _func: this.functionJoin,
        _signature: [{ types: [2 /* TYPE_STRING */] }, { types: [9 /* TYPE_ARRAY_STRING */] }]
      },
      length: {
        _func: this.functionLength,
        _signature: [{ types: [2 /* TYPE_STRING */, 3 /* TYPE_ARRAY */, 4 /* TYPE_OBJECT */] }]
      },
      map: {
        _func: this.functionMap,
        _signature: [{ types: [6 /* TYPE_EXPREF */] }, { types: [3 /* TYPE_ARRAY */] }]
      },
      max: {
        _func: this.functionMax,
        _signature: [{ types: [8 /* TYPE_ARRAY_NUMBER */, 9 /* TYPE_ARRAY_STRING */] }]
      },
      max_by: {
        _func: this.functionMaxBy,
        _signature: [{ types: [3 /* TYPE_ARRAY */] }, { types: [6 /* TYPE_EXPREF */] }]
      },
      merge: { _func: this.functionMerge, _signature: [{ types: [4 /* TYPE_OBJECT */], variadic: true }] },
      min: {
        _func: this.functionMin,
        _signature: [{ types: [8 /* TYPE_ARRAY_NUMBER */, 9 /* TYPE_ARRAY_STRING */] }]
      },
      min_by: {
        _func: this.functionMinBy,
        _signature: [{ types: [3 /* TYPE_ARRAY */] }, { types: [6 /* TYPE_EXPREF */] }]
      },
      not_null: { _func: this.functionNotNull, _signature: [{ types: [1 /* TYPE_ANY */], variadic: true }] },
      pad_left: {
        _func: this.functionPadLeft,
        _signature: [
          { types: [2 /* TYPE_STRING */] },
          { types: [0 /* TYPE_NUMBER */] },
          { types: [2 /* TYPE_STRING */], optional: true }
        ]
      },
      pad_right: {
        _func: this.functionPadRight,
        _signature: [
          { types: [2 /* TYPE_STRING */] },
          { types: [0 /* TYPE_NUMBER */] },
          { types: [2 /* TYPE_STRING */], optional: true }
        ]
      },
      replace: {
        _func: this.functionReplace,
        _signature: [
          { types: [2 /* TYPE_STRING */] },
          { types: [2 /* TYPE_STRING */] },
          { types: [2 /* TYPE_STRING */] },
          { types: [0 /* TYPE_NUMBER */], optional: true }
        ]
      },
      reverse: {
        _func: this.functionReverse,
        _signature: [{ types: [2 /* TYPE_STRING */, 3 /* TYPE_ARRAY */] }]
      },
      sort: {
        _func: this.functionSort,
        _signature: [{ types: [9 /* TYPE_ARRAY_STRING */, 8 /* TYPE_ARRAY_NUMBER */] }]
      },
      sort_by: {
        _func: this.functionSortBy,
        _signature: [{ types: [3 /* TYPE_ARRAY */] }, { types: [6 /* TYPE_EXPREF */] }]
      },
      split: {
        _func: this.functionSplit,
        _signature: [
          { types: [2 /* TYPE_STRING */] },
          { types: [2 /* TYPE_STRING */] },
          { types: [0 /* TYPE_NUMBER */], optional: true }
        ]
      },
      starts_with: {
        _func: this.functionStartsWith,
        _signature: [{ types: [2 /* TYPE_STRING */] }, { types: [2 /* TYPE_STRING */] }]
      },
      sum: { _func: this.functionSum, _signature: [{ types: [8 /* TYPE_ARRAY_NUMBER */] }] },
      to_array: { _func: this.functionToArray, _signature: [{ types: [1 /* TYPE_ANY */] }] },
      to_number: { _func: this.functionToNumber, _signature: [{ types: [1 /* TYPE_ANY */] }] },
      to_string: { _func: this.functionToString, _signature: [{ types: [1 /* TYPE_ANY */] }] },
      trim: {
        _func: this.functionTrim,
        _signature: [{ types: [2 /* TYPE_STRING */] }, { types: [2 /* TYPE_STRING */], optional: true }]
      },
      trim_left: {
        _func: this.functionTrimLeft,
        _signature: [{ types: [2 /* TYPE_STRING */] }, { types: [2 /* TYPE_STRING */], optional: true }]
      },
      trim_right: {
        _func: this.functionTrimRight,
        _signature: [{ types: [2 /* TYPE_STRING */] }, { types: [2 /* TYPE_STRING */], optional: true }]
      },
      type: { _func: this.functionType, _signature: [{ types: [1 /* TYPE_ANY */] }] },
      zip: { _func: this.functionZip, _signature: [{ types: [3 /* TYPE_ARRAY */], variadic: true }] }
    };
  }
  /**
   * Enhanced registerFunction with backward compatibility and new options
   * @deprecated Use register() method for enhanced functionality
   */
  registerFunction(name, customFunction, signature, options) {
    const result = this._registerInternal(name, customFunction, signature, options);
    if (!result.success) {
      throw new Error(result.message);
    }
  }
  /**
   * Internal registration method that bypasses TypeScript type checking
   */
  _registerInternal(name, customFunction, signature, options = {}) {
    if (!name || typeof name !== "string" || name.trim() === "") {
      return {
        success: false,
        reason: "invalid-name",
        message: "Function name must be a non-empty string"
      };
    }
    try {
      this.validateInputSignatures(name, signature);
    } catch (error) {
      return {
        success: false,
        reason: "invalid-signature",
        message: error instanceof Error ? error.message : "Invalid function signature"
      };
    }
    const { override = false, warn = false } = options;
    const exists = name in this._functionTable;
    if (exists && !override) {
      return {
        success: false,
        reason: "already-exists",
        message: `Function already defined: ${name}(). Use { override: true } to replace it.`
      };
    }
    if (exists && override && warn) {
      console.warn(`Warning: Overriding existing function: ${name}()`);
    }
    this._functionTable[name] = {
      _func: customFunction.bind(this),
      _signature: signature
    };
    this._customFunctions.add(name);
    const message = exists ? `Function ${name}() overridden successfully` : `Function ${name}() registered successfully`;
    return { success: true, message };
  }
  /**
   * Register a new function with enhanced options and type safety
   */
  register(name, customFunction, signature, options = {}) {
    return this._registerInternal(name, customFunction, signature, options);
  }
  /**
   * Unregister a custom function (built-in functions cannot be unregistered)
   */
  unregister(name) {
    if (!this._customFunctions.has(name)) {
      return false;
    }
    delete this._functionTable[name];
    this._customFunctions.delete(name);
    return true;
  }
  /**
   * Check if a function is registered
   */
  isRegistered(name) {
    return name in this._functionTable;
  }
  /**
   * Get list of all registered function names
   */
  getRegistered() {
    return Object.keys(this._functionTable);
  }
  /**
   * Get list of custom (non-built-in) function names
   */
  getCustomFunctions() {
    return Array.from(this._customFunctions);
  }
  /**
   * Clear all custom functions (built-in functions remain)
   */
  clearCustomFunctions() {
    for (const name of this._customFunctions) {
      delete this._functionTable[name];
    }
    this._customFunctions.clear();
  }
  callFunction(name, resolvedArgs) {
    const functionEntry = this._functionTable[name];
    if (functionEntry === void 0) {
      throw new Error(`Unknown function: ${name}()`);
    }
    this.validateArgs(name, resolvedArgs, functionEntry._signature);
    return functionEntry._func.call(this, resolvedArgs);
  }
  validateInputSignatures(name, signature) {
    for (let i = 0; i < signature.length; i += 1) {
      if ("variadic" in signature[i] && i !== signature.length - 1) {
        throw new Error(`Invalid arity: ${name}() 'variadic' argument ${i + 1} must occur last`);
      }
    }
  }
  validateArgs(name, args, signature) {
    this.validateInputSignatures(name, signature);
    this.validateArity(name, args, signature);
    this.validateTypes(name, args, signature);
  }
  validateArity(name, args, signature) {
    const numberOfRequiredArgs = signature.filter((argSignature) => !(argSignature.optional ?? false)).length;
    const lastArgIsVariadic = signature[signature.length - 1]?.variadic ?? false;
    const tooFewArgs = args.length < numberOfRequiredArgs;
    const tooManyArgs = args.length > signature.length;
    if (lastArgIsVariadic && tooFewArgs || !lastArgIsVariadic && (tooFewArgs || tooManyArgs)) {
      const tooFewModifier = tooFewArgs && (!lastArgIsVariadic && numberOfRequiredArgs > 1 || lastArgIsVariadic) ? "at least " : "";
      const pluralized = signature.length > 1;
      throw new Error(
        `Invalid arity: ${name}() takes ${tooFewModifier}${numberOfRequiredArgs} argument${pluralized && "s" || ""} but received ${args.length}`
      );
    }
  }
  validateTypes(name, args, signature) {
    for (let i = 0; i < signature.length; i += 1) {
      const currentSpec = signature[i].types;
      const actualType = this.getTypeName(args[i]);
      if (actualType === void 0) {
        continue;
      }
      const typeMatched = currentSpec.some((expectedType) => this.typeMatches(actualType, expectedType, args[i]));
      if (!typeMatched) {
        const expected = currentSpec.map((typeId) => this.TYPE_NAME_TABLE[typeId]).join(" | ");
        throw new Error(
          `Invalid type: ${name}() expected argument ${i + 1} to be type (${expected}) but received type ${this.TYPE_NAME_TABLE[actualType]} instead.`
        );
      }
    }
  }
  typeMatches(actual, expected, argValue) {
    if (expected === 1 /* TYPE_ANY */) {
      return true;
    }
    if (expected === 9 /* TYPE_ARRAY_STRING */ || expected === 8 /* TYPE_ARRAY_NUMBER */ || expected === 10 /* TYPE_ARRAY_OBJECT */ || expected === 11 /* TYPE_ARRAY_ARRAY */ || expected === 3 /* TYPE_ARRAY */) {
      if (expected === 3 /* TYPE_ARRAY */) {
        return actual === 3 /* TYPE_ARRAY */;
      }
      if (actual === 3 /* TYPE_ARRAY */) {
        let subtype;
        if (expected === 8 /* TYPE_ARRAY_NUMBER */) {
          subtype = 0 /* TYPE_NUMBER */;
        } else if (expected === 10 /* TYPE_ARRAY_OBJECT */) {
          subtype = 4 /* TYPE_OBJECT */;
        } else if (expected === 9 /* TYPE_ARRAY_STRING */) {
          subtype = 2 /* TYPE_STRING */;
        } else if (expected === 11 /* TYPE_ARRAY_ARRAY */) {
          subtype = 3 /* TYPE_ARRAY */;
        }
        const array = argValue;
        for (let i = 0; i < array.length; i += 1) {
          const typeName = this.getTypeName(array[i]);
          if (typeName !== void 0 && subtype !== void 0 && !this.typeMatches(typeName, subtype, array[i])) {
            return false;
          }
        }
        return true;
      }
    } else {
      return actual === expected;
    }
    return false;
  }
  getTypeName(obj) {
    if (obj === null) {
      return 7 /* TYPE_NULL */;
    }
    if (typeof obj === "string") {
      return 2 /* TYPE_STRING */;
    }
    if (typeof obj === "number") {
      return 0 /* TYPE_NUMBER */;
    }
    if (typeof obj === "boolean") {
      return 5 /* TYPE_BOOLEAN */;
    }
    if (Array.isArray(obj)) {
      return 3 /* TYPE_ARRAY */;
    }
    if (typeof obj === "object") {
      if (obj.expref) {
        return 6 /* TYPE_EXPREF */;
      }
      return 4 /* TYPE_OBJECT */;
    }
    return;
  }
  createKeyFunction(exprefNode, allowedTypes) {
    const interpreter = this._interpreter;
    const keyFunc = (x) => {
      const current = interpreter.visit(exprefNode, x);
      if (!allowedTypes.includes(this.getTypeName(current))) {
        const msg = `Invalid type: expected one of (${allowedTypes.map((t) => this.TYPE_NAME_TABLE[t]).join(" | ")}), received ${this.TYPE_NAME_TABLE[this.getTypeName(current)]}`;
        throw new Error(msg);
      }
      return current;
    };
    return keyFunc;
  }
  functionAvg = ([inputArray]) => {
    if (!inputArray || inputArray.length == 0) {
      return null;
    }
    let sum = 0;
    for (let i = 0; i < inputArray.length; i += 1) {
      sum += inputArray[i];
    }
    return sum / inputArray.length;
  };
  functionContains = ([
    searchable,
    searchValue
  ]) => {
    if (Array.isArray(searchable)) {
      const array = searchable;
      return array.includes(searchValue);
    }
    if (typeof searchable === "string") {
      const text = searchable;
      if (typeof searchValue === "string") {
        return text.includes(searchValue);
      }
    }
    return null;
  };
  functionEndsWith = (resolvedArgs) => {
    const [searchStr, suffix] = resolvedArgs;
    return searchStr.includes(suffix, searchStr.length - suffix.length);
  };
  functionFindFirst = this.createFindFunction(findFirst);
  functionFindLast = this.createFindFunction(findLast);
  createFindFunction(findFn) {
    return (resolvedArgs) => {
      const subject = resolvedArgs[0];
      const search2 = resolvedArgs[1];
      const start = resolvedArgs.length > 2 ? resolvedArgs[2] : void 0;
      const end = resolvedArgs.length > 3 ? resolvedArgs[3] : void 0;
      return findFn(subject, search2, start, end);
    };
  }
  functionFromItems = ([array]) => {
    array.map((pair) => {
      if (pair.length != 2 || typeof pair[0] !== "string") {
        throw new Error("invalid value, each array must contain two elements, a pair of string and value");
      }
    });
    return Object.fromEntries(array);
  };
  functionGroupBy = ([array, exprefNode]) => {
    const keyFunction = this.createKeyFunction(exprefNode, [2 /* TYPE_STRING */]);
    return array.reduce((acc, cur) => {
      const k = keyFunction(cur ?? {});
      const target = acc[k] = acc[k] || [];
      target.push(cur);
      return acc;
    }, {});
  };
  functionItems = ([inputValue]) => {
    return Object.entries(inputValue);
  };
  functionJoin = (resolvedArgs) => {
    const [joinChar, listJoin] = resolvedArgs;
    return listJoin.join(joinChar);
  };
  functionLength = ([inputValue]) => {
    if (typeof inputValue === "string") {
      return new Text(inputValue).length;
    }
    if (Array.isArray(inputValue)) {
      return inputValue.length;
    }
    return Object.keys(inputValue).length;
  };
  functionMap = ([exprefNode, elements]) => {
    if (!this._interpreter) {
      return [];
    }
    const mapped = [];
    const interpreter = this._interpreter;
    for (let i = 0; i < elements.length; i += 1) {
      mapped.push(interpreter.visit(exprefNode, elements[i]));
    }
    return mapped;
  };
  functionMax = ([inputValue]) => {
    if (!inputValue.length) {
      return null;
    }
    const typeName = this.getTypeName(inputValue[0]);
    if (typeName === 0 /* TYPE_NUMBER */) {
      return Math.max(...inputValue);
    }
    const elements = inputValue;
    let maxElement = elements[0];
    for (let i = 1; i < elements.length; i += 1) {
      if (maxElement.localeCompare(elements[i]) < 0) {
        maxElement = elements[i];
      }
    }
    return maxElement;
  };
  functionMaxBy = (resolvedArgs) => {
    const exprefNode = resolvedArgs[1];
    const resolvedArray = resolvedArgs[0];
    const keyFunction = this.createKeyFunction(exprefNode, [0 /* TYPE_NUMBER */, 2 /* TYPE_STRING */]);
    let maxNumber = -Infinity;
    let maxRecord;
    let current;
    for (let i = 0; i < resolvedArray.length; i += 1) {
      current = keyFunction && keyFunction(resolvedArray[i]);
      if (current !== void 0 && current > maxNumber) {
        maxNumber = current;
        maxRecord = resolvedArray[i];
      }
    }
    return maxRecord || null;
  };
  functionMerge = (resolvedArgs) => {
    let merged = {};
    for (let i = 0; i < resolvedArgs.length; i += 1) {
      const current = resolvedArgs[i];
      merged = Object.assign(merged, current);
    }
    return merged;
  };
  functionMin = ([inputValue]) => {
    if (!inputValue.length) {
      return null;
    }
    const typeName = this.getTypeName(inputValue[0]);
    if (typeName === 0 /* TYPE_NUMBER */) {
      return Math.min(...inputValue);
    }
    const elements = inputValue;
    let minElement = elements[0];
    for (let i = 1; i < elements.length; i += 1) {
      if (elements[i].localeCompare(minElement) < 0) {
        minElement = elements[i];
      }
    }
    return minElement;
  };
  functionMinBy = (resolvedArgs) => {
    const exprefNode = resolvedArgs[1];
    const resolvedArray = resolvedArgs[0];
    const keyFunction = this.createKeyFunction(exprefNode, [0 /* TYPE_NUMBER */, 2 /* TYPE_STRING */]);
    let minNumber = Infinity;
    let minRecord;
    let current;
    for (let i = 0; i < resolvedArray.length; i += 1) {
      current = keyFunction && keyFunction(resolvedArray[i]);
      if (current !== void 0 && current < minNumber) {
        minNumber = current;
        minRecord = resolvedArray[i];
      }
    }
    return minRecord || null;
  };
  functionNotNull = (resolvedArgs) => {
    for (let i = 0; i < resolvedArgs.length; i += 1) {
      if (this.getTypeName(resolvedArgs[i]) !== 7 /* TYPE_NULL */) {
        return resolvedArgs[i];
      }
    }
    return null;
  };
  functionPadLeft = this.createPadFunction(padLeft);
  functionPadRight = this.createPadFunction(padRight);
  createPadFunction(padFn) {
    return (resolvedArgs) => {
      const subject = resolvedArgs[0];
      const width = resolvedArgs[1];
      const padding = resolvedArgs.length > 2 ? resolvedArgs[2] : void 0;
      return padFn(subject, width, padding);
    };
  }
  functionReplace = (resolvedArgs) => {
    const subject = resolvedArgs[0];
    const string = resolvedArgs[1];
    const by = resolvedArgs[2];
    return replace(subject, string, by, resolvedArgs.length > 3 ? resolvedArgs[3] : void 0);
  };
  functionSplit = (resolvedArgs) => {
    const subject = resolvedArgs[0];
    const search2 = resolvedArgs[1];
    return split(subject, search2, resolvedArgs.length > 2 ? resolvedArgs[2] : void 0);
  };
  functionReverse = ([inputValue]) => {
    const typeName = this.getTypeName(inputValue);
    if (typeName === 2 /* TYPE_STRING */) {
      return new Text(inputValue).reverse();
    }
    const reversedArray = inputValue.slice(0);
    reversedArray.reverse();
    return reversedArray;
  };
  functionSort = ([inputValue]) => {
    if (inputValue.length == 0) {
      return inputValue;
    }
    if (typeof inputValue[0] === "string") {
      return [...inputValue].sort(Text.comparer);
    }
    return [...inputValue].sort();
  };
  functionSortBy = (resolvedArgs) => {
    const sortedArray = resolvedArgs[0].slice(0);
    if (sortedArray.length === 0) {
      return sortedArray;
    }
    const interpreter = this._interpreter;
    const exprefNode = resolvedArgs[1];
    const requiredType = this.getTypeName(interpreter.visit(exprefNode, sortedArray[0]));
    if (requiredType !== void 0 && ![0 /* TYPE_NUMBER */, 2 /* TYPE_STRING */].includes(requiredType)) {
      throw new Error(`Invalid type: unexpected type (${this.TYPE_NAME_TABLE[requiredType]})`);
    }
    function throwInvalidTypeError(rt, item) {
      throw new Error(
        `Invalid type: expected (${rt.TYPE_NAME_TABLE[requiredType]}), received ${rt.TYPE_NAME_TABLE[rt.getTypeName(item)]}`
      );
    }
    return sortedArray.sort((a, b) => {
      const exprA = interpreter.visit(exprefNode, a);
      const exprB = interpreter.visit(exprefNode, b);
      if (this.getTypeName(exprA) !== requiredType) {
        throwInvalidTypeError(this, exprA);
      } else if (this.getTypeName(exprB) !== requiredType) {
        throwInvalidTypeError(this, exprB);
      }
      if (requiredType === 2 /* TYPE_STRING */) {
        return Text.comparer(exprA, exprB);
      }
      return exprA - exprB;
    });
  };
  functionStartsWith = ([searchable, searchStr]) => {
    return searchable.startsWith(searchStr);
  };
  functionSum = ([inputValue]) => {
    return inputValue.reduce((x, y) => x + y, 0);
  };
  functionToArray = ([inputValue]) => {
    if (this.getTypeName(inputValue) === 3 /* TYPE_ARRAY */) {
      return inputValue;
    }
    return [inputValue];
  };
  functionToNumber = ([inputValue]) => {
    const typeName = this.getTypeName(inputValue);
    let convertedValue;
    if (typeName === 0 /* TYPE_NUMBER */) {
      return inputValue;
    }
    if (typeName === 2 /* TYPE_STRING */) {
      convertedValue = +inputValue;
      if (!isNaN(convertedValue)) {
        return convertedValue;
      }
    }
    return null;
  };
  functionToString = ([inputValue]) => {
    if (this.getTypeName(inputValue) === 2 /* TYPE_STRING */) {
      return inputValue;
    }
    return JSON.stringify(inputValue);
  };
  functionTrim = this.createTrimFunction(trim);
  functionTrimLeft = this.createTrimFunction(trimLeft);
  functionTrimRight = this.createTrimFunction(trimRight);
  createTrimFunction(trimFn) {
    return (resolvedArgs) => {
      const subject = resolvedArgs[0];
      const chars = resolvedArgs.length > 1 ? resolvedArgs[1] : void 0;
      return trimFn(subject, chars);
    };
  }
  functionType = ([inputValue]) => {
    switch (this.getTypeName(inputValue)) {
      case 0 /* TYPE_NUMBER */:
        return "number";
      case 2 /* TYPE_STRING */:
        return "string";
      case 3 /* TYPE_ARRAY */:
        return "array";
      case 4 /* TYPE_OBJECT */:
        return "object";
      case 5 /* TYPE_BOOLEAN */:
        return "boolean";
      case 7 /* TYPE_NULL */:
        return "null";
      default:
        throw new Error("invalid-type");
    }
  };
  functionZip = (array) => {
    const length = Math.min(...array.map((arr) => arr.length));
    const result = Array(length).fill(null).map((_, index) => array.map((arr) => arr[index]));
    return result;
  };
};

// src/Scope.ts
var ScopeChain = class _ScopeChain {
  inner = void 0;
  data = {};
  get currentScopeData() {
    return this.data;
  }
  withScope(data) {
    const outer = new _ScopeChain();
    outer.inner = this;
    outer.data = data;
    return outer;
  }
  getValue(identifier) {
    if (Object.prototype.hasOwnProperty.call(this.data, identifier)) {
      return this.data[identifier];
    }
    if (this.inner) {
      return this.inner.getValue(identifier);
    }
    return null;
  }
};

// src/TreeInterpreter.ts
var emptyScopeChain = new ScopeChain();
var TreeInterpreter = class _TreeInterpreter {
  runtime;
  _rootValue = null;
  _scope;
  constructor() {
    this.runtime = new Runtime(this);
    this._scope = new ScopeChain();
  }
  withScope(scope) {
    const interpreter = new _TreeInterpreter();
    interpreter.runtime._functionTable = this.runtime._functionTable;
    interpreter._rootValue = this._rootValue;
    interpreter._scope = this._scope.withScope(scope);
    return interpreter;
  }
  search(node, value) {
    this._rootValue = value;
    this._scope = emptyScopeChain;
    return this.visit(node, value);
  }
  visit(node, value) {
    switch (node.type) {
      case "Ternary": {
        const condition = this.visit(node.condition, value);
        if (!isFalse(condition)) {
          return this.visit(node.trueExpr, value);
        }
        return this.visit(node.falseExpr, value);
      }
      case "Field":
        const identifier = node.name;
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          return null;
        }
        return value[identifier] ?? null;
      case "LetExpression": {
        const { bindings, expression } = node;
        let scope = {};
        bindings.forEach((binding) => {
          const reference = this.visit(binding, value);
          scope = {
            ...scope,
            ...reference
          };
        });
        return this.withScope(scope).visit(expression, value);
      }
      case "Binding": {
        const { variable, reference } = node;
        const result = this.visit(reference, value);
        return { [variable]: result };
      }
      case "Variable": {
        const variable = node.name;
        if (!this._scope.getValue(variable) && !Object.prototype.hasOwnProperty.call(this._scope.currentScopeData, variable)) {
          throw new Error(`Error referencing undefined variable ${variable}`);
        }
        return this._scope.getValue(variable);
      }
      case "IndexExpression":
        return this.visit(node.right, this.visit(node.left, value));
      case "Subexpression": {
        const result = this.visit(node.left, value);
        return result != null ? this.visit(node.right, result) ?? null : null;
      }
      case "Index": {
        if (!Array.isArray(value)) {
          return null;
        }
        const index = node.value < 0 ? value.length + node.value : node.value;
        return value[index] ?? null;
      }
      case "Slice": {
        if (!Array.isArray(value) && typeof value !== "string") {
          return null;
        }
        const { start, stop, step } = this.computeSliceParams(value.length, node);
        if (typeof value === "string") {
          const chars = [...value];
          const sliced = this.slice(chars, start, stop, step);
          return sliced.join("");
        } else {
          return this.slice(value, start, stop, step);
        }
      }
      case "Projection": {
        const { left, right } = node;
        let allowString = false;
        if (left.type === "IndexExpression" && left.right.type === "Slice") {
          allowString = true;
        }
        const base = this.visit(left, value);
        if (allowString && typeof base === "string") {
          return this.visit(right, base);
        }
        if (!Array.isArray(base)) {
          return null;
        }
        const collected = [];
        for (const elem of base) {
          const current = this.visit(right, elem);
          if (current !== null) {
            collected.push(current);
          }
        }
        return collected;
      }
      case "ValueProjection": {
        const { left, right } = node;
        const base = this.visit(left, value);
        if (base === null || typeof base !== "object" || Array.isArray(base)) {
          return null;
        }
        const collected = [];
        const values = Object.values(base);
        for (const elem of values) {
          const current = this.visit(right, elem);
          if (current !== null) {
            collected.push(current);
          }
        }
        return collected;
      }
      case "FilterProjection": {
        const { left, right, condition } = node;
        const base = this.visit(left, value);
        if (!Array.isArray(base)) {
          return null;
        }
        const results = [];
        for (const elem of base) {
          const matched = this.visit(condition, elem);
          if (isFalse(matched)) {
            continue;
          }
          const result = this.visit(right, elem);
          if (result !== null) {
            results.push(result);
          }
        }
        return results;
      }
      case "Arithmetic": {
        const first = this.visit(node.left, value);
        const second = this.visit(node.right, value);
        switch (node.operator) {
          case "Plus" /* TOK_PLUS */:
            return add(first, second);
          case "Minus" /* TOK_MINUS */:
            return sub(first, second);
          case "Multiply" /* TOK_MULTIPLY */:
          case "Star" /* TOK_STAR */:
            return mul(first, second);
          case "Divide" /* TOK_DIVIDE */:
            return divide(first, second);
          case "Modulo" /* TOK_MODULO */:
            return mod(first, second);
          case "Div" /* TOK_DIV */:
            return div(first, second);
          default:
            throw new Error(`Syntax error: unknown arithmetic operator: ${node.operator}`);
        }
      }
      case "Unary": {
        const operand = this.visit(node.operand, value);
        switch (node.operator) {
          case "Plus" /* TOK_PLUS */:
            ensureNumbers(operand);
            return operand;
          case "Minus" /* TOK_MINUS */:
            ensureNumbers(operand);
            return -operand;
          default:
            throw new Error(`Syntax error: unknown arithmetic operator: ${node.operator}`);
        }
      }
      case "Comparator": {
        const first = this.visit(node.left, value);
        const second = this.visit(node.right, value);
        switch (node.name) {
          case "EQ":
            return strictDeepEqual(first, second);
          case "NE":
            return !strictDeepEqual(first, second);
        }
        if (typeof first !== "number" || typeof second !== "number") {
          return null;
        }
        switch (node.name) {
          case "GT":
            return first > second;
          case "GTE":
            return first >= second;
          case "LT":
            return first < second;
          case "LTE":
            return first <= second;
        }
      }
      case "Flatten": {
        const original = this.visit(node.child, value);
        return Array.isArray(original) ? original.flat() : null;
      }
      case "Root":
        return this._rootValue;
      case "MultiSelectList": {
        const collected = [];
        for (const child of node.children) {
          collected.push(this.visit(child, value));
        }
        return collected;
      }
      case "MultiSelectHash": {
        const collected = {};
        for (const child of node.children) {
          collected[child.name] = this.visit(child.value, value);
        }
        return collected;
      }
      case "OrExpression": {
        const result = this.visit(node.left, value);
        if (isFalse(result)) {
          return this.visit(node.right, value);
        }
        return result;
      }
      case "AndExpression": {
        const result = this.visit(node.left, value);
        if (isFalse(result)) {
          return result;
        }
        return this.visit(node.right, value);
      }
      case "NotExpression":
        return isFalse(this.visit(node.child, value));
      case "Literal":
        return node.value;
      case "Pipe":
        return this.visit(node.right, this.visit(node.left, value));
      case "Function": {
        const args = [];
        for (const child of node.children) {
          args.push(this.visit(child, value));
        }
        return this.runtime.callFunction(node.name, args);
      }
      case "ExpressionReference":
        return {
          expref: true,
          ...node.child
        };
      case "Current":
      case "Identity":
        return value;
    }
  }
  computeSliceParams(arrayLength, sliceNode) {
    let { start, stop, step } = sliceNode;
    if (step === null) {
      step = 1;
    } else if (step === 0) {
      const error = new Error("Invalid value: slice step cannot be 0");
      error.name = "RuntimeError";
      throw error;
    }
    start = start === null ? step < 0 ? arrayLength - 1 : 0 : this.capSliceRange(arrayLength, start, step);
    stop = stop === null ? step < 0 ? -1 : arrayLength : this.capSliceRange(arrayLength, stop, step);
    return { start, stop, step };
  }
  capSliceRange(arrayLength, actualValue, step) {
    let nextActualValue = actualValue;
    if (nextActualValue < 0) {
      nextActualValue += arrayLength;
      if (nextActualValue < 0) {
        nextActualValue = step < 0 ? -1 : 0;
      }
    } else if (nextActualValue >= arrayLength) {
      nextActualValue = step < 0 ? arrayLength - 1 : arrayLength;
    }
    return nextActualValue;
  }
  slice(collection, start, end, step) {
    const result = [];
    if (step > 0) {
      for (let i = start; i < end; i += step) {
        result.push(collection[i]);
      }
    } else {
      for (let i = start; i > end; i += step) {
        result.push(collection[i]);
      }
    }
    return result;
  }
};
var TreeInterpreterInstance = new TreeInterpreter();
var TreeInterpreter_default = TreeInterpreterInstance;

// src/index.ts
var TYPE_ANY = 1 /* TYPE_ANY */;
var TYPE_ARRAY = 3 /* TYPE_ARRAY */;
var TYPE_ARRAY_ARRAY = 11 /* TYPE_ARRAY_ARRAY */;
var TYPE_ARRAY_NUMBER = 8 /* TYPE_ARRAY_NUMBER */;
var TYPE_ARRAY_OBJECT = 10 /* TYPE_ARRAY_OBJECT */;
var TYPE_ARRAY_STRING = 9 /* TYPE_ARRAY_STRING */;
var TYPE_BOOLEAN = 5 /* TYPE_BOOLEAN */;
var TYPE_EXPREF = 6 /* TYPE_EXPREF */;
var TYPE_NULL = 7 /* TYPE_NULL */;
var TYPE_NUMBER = 0 /* TYPE_NUMBER */;
var TYPE_OBJECT = 4 /* TYPE_OBJECT */;
var TYPE_STRING = 2 /* TYPE_STRING */;
function compile(expression, options) {
  const nodeTree = Parser_default.parse(expression, options);
  return nodeTree;
}
function tokenize(expression, options) {
  return Lexer_default.tokenize(expression, options);
}
var registerFunction = (functionName, customFunction, signature, options) => {
  TreeInterpreter_default.runtime.registerFunction(functionName, customFunction, signature, options);
};
var register = (name, customFunction, signature, options) => {
  return TreeInterpreter_default.runtime.register(name, customFunction, signature, options);
};
var unregisterFunction = (name) => {
  return TreeInterpreter_default.runtime.unregister(name);
};
var isRegistered = (name) => {
  return TreeInterpreter_default.runtime.isRegistered(name);
};
var getRegisteredFunctions = () => {
  return TreeInterpreter_default.runtime.getRegistered();
};
var getCustomFunctions = () => {
  return TreeInterpreter_default.runtime.getCustomFunctions();
};
var clearCustomFunctions = () => {
  TreeInterpreter_default.runtime.clearCustomFunctions();
};
function search(data, expression, options) {
  const nodeTree = Parser_default.parse(expression, options);
  return TreeInterpreter_default.search(nodeTree, data);
}
function Scope() {
  return new ScopeChain();
}
var TreeInterpreter2 = TreeInterpreter_default;
var jmespath = {
  compile,
  registerFunction,
  register,
  unregisterFunction,
  isRegistered,
  getRegisteredFunctions,
  getCustomFunctions,
  clearCustomFunctions,
  search,
  tokenize,
  TreeInterpreter: TreeInterpreter2,
  TYPE_ANY,
  TYPE_ARRAY_NUMBER,
  TYPE_ARRAY_STRING,
  TYPE_ARRAY,
  TYPE_BOOLEAN,
  TYPE_EXPREF,
  TYPE_NULL,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_STRING
};


//# sourceMappingURL=index.mjs.map
//# sourceMappingURL=index.mjs.map
;// CONCATENATED MODULE: ./src/api.ts


/** Methods that change nothing more when sent twice (RFC 9110, 9.2.2). */
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);
/**
 * Sends one request to the Ads API with the bearer token.
 * https://developer.spotify.com/documentation/ads-api
 *
 * A 401 mints a new token once and repeats the request: a long job can
 * outlive an access token. Any other status is returned as it came.
 */
async function callApi(transport, apiBaseUrl, request, tokens, log) {
    assertSameOrigin(apiBaseUrl, request.url);
    const token = tokens.current();
    const response = await send(transport, request, token);
    if (response.status !== 401)
        return response;
    log.info('The Ads API refused the access token (HTTP 401); minting a new one and trying once more.');
    return send(transport, request, await tokens.renew(token));
}
function send(transport, request, accessToken) {
    const headers = {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json'
    };
    if (request.body !== undefined)
        headers['content-type'] = 'application/json';
    return transport.send({
        method: request.method,
        url: request.url,
        headers,
        body: request.body,
        idempotent: IDEMPOTENT.has(request.method)
    });
}
/**
 * The last line of defence of host pinning: inputs are checked already, but
 * no code path may hand the bearer token to another origin.
 */
function assertSameOrigin(apiBaseUrl, url) {
    if (url.origin !== apiBaseUrl.origin || url.username || url.password) {
        throw new RequestError(`Refusing to send the access token to ${url.origin}: it only goes to ${apiBaseUrl.origin}.`);
    }
}
/** The longest excerpt of an unexpected body that an error message shows. */
const EXCERPT_LENGTH = 200;
/** The most of Spotify's messages that an error message shows. */
const MAX_MESSAGES = 5;
/** Builds the error for a non-2xx answer from what Spotify said. */
function apiError(request, response) {
    const said = readSpotifyError(response);
    const hints = [
        response.gaveUp,
        redirectHint(request, response),
        hintFor(response.status)
    ].filter(Boolean);
    return new ApiError({
        status: response.status,
        method: request.method,
        target: describeTarget(request.url),
        messages: said.messages,
        traceId: said.traceId
    }, hints.map(hint => capitalize(hint)).join('. ') || undefined);
}
/**
 * Reads Spotify's error body, `{sp_trace_id, messages, error_codes}` (a
 * recorded 404 used `errorCodes`). Anything else becomes a short excerpt.
 */
function readSpotifyError(response) {
    const text = response.body.toString('utf8');
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        return { messages: text.trim() ? [excerpt(response, text)] : [] };
    }
    if (typeof body !== 'object' || body === null) {
        return { messages: [shorten(text)] };
    }
    const fields = body;
    const messages = strings(fields.messages);
    const codes = fields.error_codes ?? fields.errorCodes;
    if (messages.length === 0 && Array.isArray(codes)) {
        for (const code of codes) {
            const parts = [code?.code, code?.definition].filter(part => typeof part === 'string');
            if (parts.length)
                messages.push(parts.join(': '));
        }
    }
    const nested = fields.error;
    if (messages.length === 0 && typeof nested === 'object' && nested !== null) {
        messages.push(...strings([nested.message]));
    }
    const traceId = typeof fields.sp_trace_id === 'string' ? fields.sp_trace_id : undefined;
    return { messages: firstMessages(messages), traceId };
}
/**
 * The first few messages, each shortened: an error body of megabytes must
 * not become an error line of megabytes. The body itself is kept whole.
 */
function firstMessages(messages) {
    const shown = messages
        .slice(0, MAX_MESSAGES)
        .map(message => shorten(message, 500));
    const more = messages.length - shown.length;
    if (more > 0)
        shown.push(`and ${more} more`);
    return shown;
}
function excerpt(response, text) {
    const type = String(response.headers['content-type'] ?? 'unknown type');
    const plain = text.replace(/<[^>]*>/g, ' ');
    return `the answer is not JSON (${type}, ${response.body.length} bytes): ${shorten(plain)}`;
}
function shorten(text, length = EXCERPT_LENGTH) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
function strings(value) {
    return Array.isArray(value)
        ? value.filter((item) => typeof item === 'string')
        : [];
}
/** Redirects are not followed: one could carry the token to another host. */
function redirectHint(request, response) {
    const location = response.headers.location;
    if (response.status < 300 || response.status > 399 || !location) {
        return undefined;
    }
    let where;
    try {
        where = new URL(location, request.url).origin;
    }
    catch {
        where = 'an unreadable location';
    }
    return `the answer redirects to ${where}; redirects are not followed, so that the access token never leaves ${request.url.origin}. Use the final URL as path if it is on the same origin`;
}
function hintFor(status) {
    if (status === 401) {
        return 'the access token was refused even after minting a new one: check that the app has been granted Ads API access';
    }
    if (status === 403) {
        return 'the authorized user has no access to this resource: check the ids in path and the user\u2019s role on the ad account';
    }
    if (status === 404) {
        return 'check the path and the ids in it (v3 paths differ from v2, which Spotify has sunset)';
    }
    if (status >= 500) {
        return 'Spotify had a problem; try again later, and quote the sp_trace_id to Spotify support if it lasts';
    }
    return undefined;
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

;// CONCATENATED MODULE: ./src/select.ts
/**
 * JMESPath over the response: `select` picks a value for the `result`
 * output, `assert` gates a workflow on the data. https://jmespath.org
 */



/** GitHub refuses an output larger than 1 MiB. */
const OUTPUT_LIMIT_BYTES = 1024 * 1024;
/** A failed `assert`, or a `select` that cannot be kept. */
class SelectError extends Error {
    name = 'SelectError';
}
/** Checks an expression's syntax, before any request is made. */
function checkExpression(input, expression) {
    try {
        compile(expression);
    }
    catch (error) {
        throw new InputError(input, `is not a valid JMESPath expression (${messageOf(error)}); see https://jmespath.org/tutorial.html`);
    }
}
/** Evaluates an expression; a failure names the input and the expression. */
function evaluate(input, expression, document) {
    try {
        return search(document, expression);
    }
    catch (error) {
        throw new SelectError(`${input} \`${expression}\` could not be evaluated: ${messageOf(error)}`);
    }
}
/** JMESPath truthiness: false, null, and empty lists, objects and strings fail. */
function isTruthy(value) {
    if (value === null || value === false || value === '')
        return false;
    if (Array.isArray(value))
        return value.length > 0;
    if (typeof value === 'object')
        return Object.keys(value).length > 0;
    return true;
}
/** Throws when `assert` does not hold, showing the value it produced. */
function checkAssertion(expression, document) {
    const value = evaluate('assert', expression, document);
    if (isTruthy(value))
        return;
    throw new SelectError(`assert \`${expression}\` does not hold: it gave ${shorten(JSON.stringify(value), 300)}`);
}
/** The `result` output: the selected value as JSON, within GitHub's limit. */
function selectResult(expression, document, responseFile) {
    const result = JSON.stringify(evaluate('select', expression, document));
    const bytes = Buffer.byteLength(result);
    if (bytes > OUTPUT_LIMIT_BYTES) {
        throw new SelectError(`select \`${expression}\` gave ${bytes} bytes of JSON, more than GitHub's ${OUTPUT_LIMIT_BYTES}-byte limit for an output. Narrow the expression, or read the response file ${responseFile} in a later step.`);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/inputs.ts





const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
/** Characters GitHub refuses in an artifact name. */
// eslint-disable-next-line no-control-regex
const ARTIFACT_NAME_FORBIDDEN = /["<>|*?:\\/\r\n\u0000-\u001f]/;
/**
 * Parses and validates every input before anything touches the network.
 * A rejected value throws an `InputError` that names the input and says what
 * it accepts; a secret's value is never repeated in the message.
 */
function parseInputs(read) {
    const credentials = parseCredentials(read);
    const tokenUrl = parseUrlInput(read, 'token-url');
    const apiBaseUrl = parseUrlInput(read, 'api-base-url');
    const request = parseRequest(read, apiBaseUrl);
    const paging = parsePaging(read, request);
    return {
        credentials,
        tokenUrl,
        apiBaseUrl,
        request,
        responseFile: parseFilePath(read, 'response-file', 'response.json'),
        report: parseReportWait(read, request),
        artifactName: parseArtifactName(read),
        retentionDays: parseOptionalInteger(read, 'retention-days', 1, 90),
        failOnHttpError: parseBoolean(read, 'fail-on-http-error', true),
        timeoutMs: parseInteger(read, 'timeout-seconds', 30, 1, 3600) * 1000,
        maxRetries: parseInteger(read, 'max-retries', 3, 0, 10),
        paging,
        select: parseExpression(read, 'select'),
        assert: parseExpression(read, 'assert'),
        summary: parseBoolean(read, 'summary', true)
    };
}
function parsePaging(read, request) {
    const paging = {
        paginate: parseBoolean(read, 'paginate', false),
        maxPages: parseInteger(read, 'max-pages', 1000, 1, 1_000_000),
        concurrency: parseInteger(read, 'concurrency', 4, 1, 16)
    };
    if (paging.paginate && request && request.method !== 'GET') {
        throw new InputError('paginate', `works with method GET only, which reads lists and reports; method is ${request.method}`);
    }
    return paging;
}
function parseExpression(read, name) {
    const expression = read(name).trim();
    if (!expression)
        return undefined;
    checkExpression(name, expression);
    return expression;
}
function parseCredentials(read) {
    return {
        clientId: parseSecret(read, 'client-id', /:/),
        clientSecret: parseSecret(read, 'client-secret'),
        refreshToken: parseSecret(read, 'refresh-token')
    };
}
/**
 * A credential is trimmed (a secret pasted with a newline still works), must
 * be present, and must be one word: whitespace inside means a bad paste.
 */
function parseSecret(read, name, forbidden) {
    const value = read(name).trim();
    if (!value) {
        throw new InputError(name, 'is required; pass it from a repository secret, e.g. ${{ secrets.SPOTIFY_' +
            name.toUpperCase().replace(/-/g, '_') +
            ' }}');
    }
    if (/\s/.test(value)) {
        throw new InputError(name, 'contains whitespace inside the value; copy the value again without line breaks or spaces');
    }
    if (forbidden?.test(value)) {
        throw new InputError(name, `must not contain '${forbidden.source}'`);
    }
    return value;
}
function parseUrlInput(read, name) {
    const value = read(name).trim();
    const parsed = parseServiceUrl(value);
    if (typeof parsed === 'string') {
        throw new InputError(name, `${parsed} (got ${describeRefusedUrl(value)})`);
    }
    return parsed;
}
function parseRequest(read, apiBaseUrl) {
    const method = parseMethod(read);
    const query = parseQuery(read);
    const body = parseBody(read, method);
    const path = read('path').trim();
    if (!path)
        return undefined;
    const url = resolveApiUrl(apiBaseUrl, path);
    if (typeof url === 'string') {
        throw new InputError('path', url);
    }
    for (const [key, value] of query)
        url.searchParams.append(key, value);
    return { method, url, body };
}
function parseMethod(read) {
    const value = read('method').trim().toUpperCase() || 'GET';
    const method = METHODS.find(m => m === value);
    if (!method) {
        throw new InputError('method', `must be one of ${METHODS.join(', ')} (any case); got '${value}'`);
    }
    return method;
}
/**
 * One `key=value` a line. The value may itself contain `=`; blank lines are
 * skipped. Keys and values are taken literally and percent-encoded on the
 * way out, so `&`, `#` or a line break can never change the request.
 */
function parseQuery(read) {
    const pairs = [];
    const lines = read('query').split(/\r?\n/);
    lines.forEach((line, index) => {
        if (!line.trim())
            return;
        const at = line.indexOf('=');
        const key = at < 0 ? '' : line.slice(0, at).trim();
        if (!key) {
            throw new InputError('query', `line ${index + 1} is not key=value; write one parameter a line, e.g. fields=IMPRESSIONS`);
        }
        pairs.push([key, line.slice(at + 1).trim()]);
    });
    return pairs;
}
function parseBody(read, method) {
    const body = read('body').trim();
    if (!body)
        return undefined;
    if (method === 'GET') {
        throw new InputError('body', 'is set, but method is GET, which sends no body; set method to POST, PUT, PATCH or DELETE');
    }
    try {
        JSON.parse(body);
    }
    catch (error) {
        throw new InputError('body', `must be valid JSON${jsonProblem(error)}`);
    }
    return body;
}
/**
 * Why a body does not parse, without any of its text: V8 quotes part of
 * the input in some messages (`Unexpected token 'x', "…" is not valid
 * JSON`), and a body may hold anything.
 */
function jsonProblem(error) {
    if (!(error instanceof SyntaxError))
        return '';
    const [reason = ''] = error.message.split(', "', 1);
    return reason.includes('"') ? '' : `: ${reason}`;
}
/**
 * The response file's folder may not exist yet (it is created on write), but
 * the path must not be a folder, and its nearest existing ancestor must be a
 * folder this job may write in, or the write would fail after the request
 * was made.
 */
function parseFilePath(read, name, example) {
    const value = read(name).trim();
    if (!value)
        return undefined;
    const path = (0,external_node_path_namespaceObject.resolve)(value);
    if (statIfAny(path)?.isDirectory()) {
        throw new InputError(name, `is the folder '${path}'; give a file path such as ${(0,external_node_path_namespaceObject.join)(path, example)}`);
    }
    let ancestor = (0,external_node_path_namespaceObject.dirname)(path);
    let stat = statIfAny(ancestor);
    while (!stat && (0,external_node_path_namespaceObject.dirname)(ancestor) !== ancestor) {
        ancestor = (0,external_node_path_namespaceObject.dirname)(ancestor);
        stat = statIfAny(ancestor);
    }
    if (stat && !stat.isDirectory()) {
        throw new InputError(name, `cannot be created: '${ancestor}' is a file, not a folder`);
    }
    if (stat && !isWritable(ancestor)) {
        throw new InputError(name, `cannot be created: the folder '${ancestor}' is not writable by this process`);
    }
    return path;
}
/** Whether this process may create files in a folder. */
function isWritable(folder) {
    try {
        (0,external_node_fs_namespaceObject.accessSync)(folder, external_node_fs_namespaceObject.constants.W_OK);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * `wait-for-report` follows a report that the request creates, so the
 * request must be the POST to `…/async_reports`.
 */
function parseReportWait(read, request) {
    const pollIntervalMs = parseInteger(read, 'poll-interval-seconds', 10, 1, 3600) * 1000;
    const waitTimeoutMs = parseInteger(read, 'wait-timeout-seconds', 1800, 1, 6 * 3600) * 1000;
    const reportFile = parseFilePath(read, 'report-file', 'report.csv');
    if (!parseBoolean(read, 'wait-for-report', false))
        return undefined;
    const creates = request?.method === 'POST' &&
        /\/async_reports\/?$/.test(request.url.pathname);
    if (!creates) {
        throw new InputError('wait-for-report', 'needs the request that creates the report: method POST and a path ending in ad_accounts/{id}/async_reports');
    }
    return { pollIntervalMs, waitTimeoutMs, reportFile };
}
/** A path's stat, or nothing when it does not exist or cannot be reached. */
function statIfAny(path) {
    try {
        return (0,external_node_fs_namespaceObject.statSync)(path);
    }
    catch {
        return undefined;
    }
}
function parseArtifactName(read) {
    const value = read('artifact-name').trim();
    if (!value)
        return undefined;
    if (ARTIFACT_NAME_FORBIDDEN.test(value)) {
        throw new InputError('artifact-name', `'${value}' contains a character GitHub refuses in artifact names: " : < > | * ? \\ / or a line break`);
    }
    return value;
}
/** Booleans as YAML 1.2 core schema spells them, like `core.getBooleanInput`. */
function parseBoolean(read, name, fallback) {
    const value = read(name).trim();
    if (!value)
        return fallback;
    if (TRUE_VALUES.includes(value))
        return true;
    if (FALSE_VALUES.includes(value))
        return false;
    throw new InputError(name, `must be true or false (${[...TRUE_VALUES, ...FALSE_VALUES].join(', ')}); got '${value}'`);
}
function parseInteger(read, name, fallback, min, max) {
    return parseOptionalInteger(read, name, min, max) ?? fallback;
}
function parseOptionalInteger(read, name, min, max) {
    const value = read(name).trim();
    if (!value)
        return undefined;
    const number = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) {
        throw new InputError(name, `must be a whole number from ${min} to ${max}; got '${value}'`);
    }
    return number;
}

;// CONCATENATED MODULE: ./src/token-source.ts


/** `2026-12-03T21:00:00Z`: ISO 8601 UTC to the second. */
function isoSeconds(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/**
 * Mints access tokens with the refresh-token grant, for the action and the
 * command line alike. Requests that the API refused at once share one
 * renewal, and a request refused with a token already replaced just takes
 * the new one.
 */
class RefreshingTokens {
    transport;
    tokenUrl;
    credentials;
    log;
    onMinted;
    token;
    renewal;
    /**
     * @param onMinted - called with each new token, after it is masked
     */
    constructor(transport, tokenUrl, credentials, log, onMinted = () => undefined) {
        this.transport = transport;
        this.tokenUrl = tokenUrl;
        this.credentials = credentials;
        this.log = log;
        this.onMinted = onMinted;
    }
    current() {
        return this.token?.accessToken ?? '';
    }
    async renew(rejected) {
        if (this.token && this.token.accessToken !== rejected) {
            return this.token.accessToken;
        }
        this.renewal ??= this.mint().finally(() => (this.renewal = undefined));
        return (await this.renewal).accessToken;
    }
    /**
     * https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens
     */
    async mint() {
        this.log.info(`Minting an access token at ${describeTarget(this.tokenUrl)}`);
        const token = await refreshAccessToken(this.transport, this.tokenUrl, this.credentials, this.log);
        this.token = token;
        const scope = token.scope ? ` (scope: ${token.scope})` : '';
        this.log.info(`Minted a ${token.tokenType} access token that expires at ${isoSeconds(token.expiresAt)}${scope}.`);
        this.onMinted(token);
        return token;
    }
}

;// CONCATENATED MODULE: ./src/cli/engine.ts
/**
 * What the token and request commands share with the action: its inputs,
 * read from flags and the environment instead of `action.yml`, its
 * transport, and a token source that mints through the refresh-token grant.
 */






const USER_AGENT = 'spotify-ads-cli/1.0';
/** The credentials, by the names of their environment variables. */
const CREDENTIAL_VARIABLES = {
    'client-id': 'SPOTIFY_CLIENT_ID',
    'client-secret': 'SPOTIFY_CLIENT_SECRET',
    'refresh-token': 'SPOTIFY_REFRESH_TOKEN'
};
/** Flags of the token and request commands that take a number. */
const ENGINE_OPTIONS = {
    'timeout-seconds': { type: 'string' },
    'max-retries': { type: 'string' }
};
/** How the action's inputs are spelled on the command line, for messages. */
const CLI_NAMES = {
    ...CREDENTIAL_VARIABLES,
    path: 'PATH',
    'response-file': '--out',
    'token-url': '--accounts-url'
};
/**
 * Parses flags and credentials with the action's own `parseInputs`, so the
 * command line accepts and refuses exactly what the action does. A refusal
 * names the flag or variable, not the action's input.
 */
function parseEngineInputs(flags, env) {
    requireCredentials(env);
    const accountsUrl = parseAccountsUrl(flags['accounts-url']);
    const inputs = {
        'client-id': envValue(env, CREDENTIAL_VARIABLES['client-id']),
        'client-secret': envValue(env, CREDENTIAL_VARIABLES['client-secret']),
        'refresh-token': envValue(env, CREDENTIAL_VARIABLES['refresh-token']),
        'token-url': accountsEndpoint(accountsUrl, '/api/token').href,
        'api-base-url': flags['api-base-url'] ?? DEFAULT_API_BASE_URL,
        path: flags.path ?? '',
        method: flags.method ?? '',
        query: (flags.query ?? []).join('\n'),
        body: flags.body ?? '',
        'response-file': flags.out ?? '',
        'timeout-seconds': flags['timeout-seconds'] ?? '',
        'max-retries': flags['max-retries'] ?? '',
        paginate: flags.paginate ? 'true' : '',
        'max-pages': flags['max-pages'] ?? '',
        concurrency: flags.concurrency ?? '',
        select: flags.select ?? '',
        assert: flags.assert ?? '',
        'wait-for-report': flags['wait-for-report'] ? 'true' : '',
        'poll-interval-seconds': flags['poll-interval-seconds'] ?? '',
        'wait-timeout-seconds': flags['wait-timeout-seconds'] ?? '',
        'report-file': flags['report-file'] ?? ''
    };
    try {
        return parseInputs(name => inputs[name] ?? '');
    }
    catch (error) {
        if (error instanceof InputError)
            throw new UsageError(renamed(error));
        throw error;
    }
}
function requireCredentials(env) {
    const missing = Object.values(CREDENTIAL_VARIABLES).filter(name => !envValue(env, name));
    if (missing.length === 0)
        return;
    const names = missing.join(', ');
    const verb = missing.length === 1 ? 'is' : 'are';
    throw new UsageError(`${names} ${verb} not set. Export ${missing.length === 1 ? 'it' : 'them'} first; read -rs NAME && export NAME keeps a value out of your shell history. spotify-ads authorize gets you a refresh token.`);
}
/** `Input 'token-url' must use https://` → `--accounts-url must use https://`. */
function renamed(error) {
    const prefix = `Input '${error.input}' `;
    const rest = error.message.startsWith(prefix)
        ? error.message.slice(prefix.length)
        : error.message;
    return `${CLI_NAMES[error.input] ?? `--${error.input}`} ${rest}`;
}
/** The action's transport, with the command line's log and user agent. */
function createTransport(inputs, log) {
    return new Transport({
        timeoutMs: inputs.timeoutMs,
        maxRetries: inputs.maxRetries,
        log,
        userAgent: USER_AGENT
    });
}
/**
 * The engine's token source, with the command line's word on a rotated
 * refresh token: it is not shown, since only the token asked for is printed.
 */
function refreshingTokens(transport, inputs, log) {
    return new RefreshingTokens(transport, inputs.tokenUrl, inputs.credentials, log, token => {
        if (!token.refreshToken)
            return;
        log.warning('Spotify returned a new refresh token, which is not shown. SPOTIFY_REFRESH_TOKEN may stop working; if it does, run spotify-ads authorize again.');
    });
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./src/cli/gh.ts
/**
 * Stores the refresh token as an Actions secret with the GitHub CLI. The
 * value goes to `gh` on standard input, never as an argument, so it cannot
 * show up in a process list or in shell history.
 */





const SECRET_NAME = 'SPOTIFY_REFRESH_TOKEN';
/** OWNER/NAME, or HOST/OWNER/NAME for GitHub Enterprise; no leading `-`. */
const REPOSITORY = /^(?:[\w.][\w.-]*\/){1,2}[\w.][\w.-]*$/;
/** Checks a `--set-secret` repository before anything else happens. */
function parseRepository(value) {
    const repository = value.trim();
    if (!REPOSITORY.test(repository)) {
        throw new UsageError(`--set-secret takes a repository as OWNER/NAME (or HOST/OWNER/NAME); got '${value}'`);
    }
    return repository;
}
/** The full path of a command on PATH, as a shell would find it. */
function findOnPath(command, env, platform = process.platform) {
    const folders = (env.PATH ?? env.Path ?? '').split(external_node_path_namespaceObject.delimiter).filter(Boolean);
    const extensions = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD').split(';') : [''];
    for (const folder of folders) {
        for (const extension of extensions) {
            const candidate = (0,external_node_path_namespaceObject.join)(folder, `${command}${extension}`);
            if (isExecutableFile(candidate))
                return candidate;
        }
    }
    return undefined;
}
function isExecutableFile(path) {
    try {
        (0,external_node_fs_namespaceObject.accessSync)(path, external_node_fs_namespaceObject.constants.X_OK);
        return (0,external_node_fs_namespaceObject.statSync)(path).isFile();
    }
    catch {
        return false;
    }
}
/**
 * Runs `gh secret set SPOTIFY_REFRESH_TOKEN [--repo REPO]` with the value
 * on standard input.
 *
 * @returns what gh said, to show the person
 */
function setRepositorySecret(gh, value, repository, env) {
    const args = ['secret', 'set', SECRET_NAME];
    if (repository)
        args.push('--repo', repository);
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_namespaceObject.spawn)(gh, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
        let said = '';
        const collect = (chunk) => (said += chunk.toString('utf8'));
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        child.once('error', error => reject(new SecretError(`Could not run ${gh}: ${error.message}`)));
        child.once('close', code => {
            if (code === 0) {
                resolve(shorten(said));
                return;
            }
            const detail = said.trim() ? `: ${shorten(said)}` : '';
            reject(new SecretError(`gh secret set ${SECRET_NAME} failed (exit ${code})${detail}`));
        });
        // gh may exit before it reads; its exit code says why.
        child.stdin.on('error', () => undefined);
        child.stdin.end(value);
    });
}

;// CONCATENATED MODULE: ./src/cli/authorize.ts
/**
 * `spotify-ads authorize`: the one step CI cannot do. A person agrees in the
 * browser; Spotify sends the browser back to a loopback server here with a
 * code; the code becomes a refresh token, printed or stored with gh.
 * https://developer.spotify.com/documentation/web-api/tutorials/code-flow
 */










const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:8080/callback';
/** Overrides the 5 minutes to wait for the browser; meant for tests. */
const TIMEOUT_VARIABLE = 'SPOTIFY_ADS_AUTHORIZE_TIMEOUT_SECONDS';
const DEFAULT_TIMEOUT_SECONDS = 300;
/** Spotify expires a refresh token this many months after authorization. */
const REFRESH_TOKEN_MONTHS = 6;
const AUTHORIZE_OPTIONS = {
    ...COMMON_OPTIONS,
    ...ACCOUNTS_OPTIONS,
    'client-id': { type: 'string' },
    'redirect-uri': { type: 'string' },
    scope: { type: 'string' },
    'no-open': { type: 'boolean' },
    json: { type: 'boolean' },
    // Takes an optional value, which parseArgs cannot say: see readSetSecret.
    'set-secret': { type: 'boolean' }
};
function authorizeOptions(args, env) {
    const { values, tokens } = parseCommand(splitInlineValues(args), AUTHORIZE_OPTIONS);
    const redirectUri = values['redirect-uri']?.trim() || DEFAULT_REDIRECT_URI;
    return {
        clientId: parseClientId(values['client-id'] ?? env.SPOTIFY_CLIENT_ID),
        redirectUri,
        callbackUrl: parseRedirectUri(redirectUri),
        scope: parseScope(values.scope),
        open: values['no-open'] !== true,
        json: values.json === true,
        setSecret: readSetSecret(tokens),
        accountsUrl: parseAccountsUrl(values['accounts-url']),
        timeoutMs: parseTimeout(env[TIMEOUT_VARIABLE]) * 1000,
        verbose: values.verbose === true
    };
}
/** `--set-secret=REPO` is read as `--set-secret REPO`. */
function splitInlineValues(args) {
    return args.flatMap(arg => arg.startsWith('--set-secret=')
        ? ['--set-secret', arg.slice('--set-secret='.length)]
        : [arg]);
}
/**
 * `--set-secret` takes an optional repository: the argument right after it,
 * when that is not an option. This command takes no other argument.
 */
function readSetSecret(tokens) {
    let flagIndex;
    let repository;
    for (const token of tokens) {
        if (token.kind === 'option' && token.name === 'set-secret') {
            flagIndex = token.index;
        }
        else if (token.kind === 'positional' &&
            flagIndex !== undefined &&
            token.index === flagIndex + 1 &&
            repository === undefined) {
            repository = parseRepository(token.value);
        }
        else if (token.kind === 'positional') {
            throw new UsageError(`unexpected argument '${token.value}'; authorize takes options only`);
        }
    }
    return flagIndex === undefined ? undefined : { repository };
}
function parseClientId(value) {
    const clientId = value?.trim() ?? '';
    if (!clientId) {
        throw new UsageError('--client-id is missing (or set SPOTIFY_CLIENT_ID); it is on your app\u2019s page on the developer dashboard');
    }
    if (/[\s:]/.test(clientId)) {
        throw new UsageError("--client-id must be one word without spaces or ':'; copy it again from the developer dashboard");
    }
    return clientId;
}
/**
 * The browser comes back to this machine, so the redirect URI must be
 * plain http on a loopback address. Spotify refuses `localhost` in redirect
 * URIs: https://developer.spotify.com/documentation/web-api/concepts/redirect_uri
 */
function parseRedirectUri(value) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new UsageError(`--redirect-uri is not a URL (got '${value}')`);
    }
    if (url.hostname.toLowerCase() === 'localhost') {
        throw new UsageError(`--redirect-uri must use 127.0.0.1 or [::1], not localhost, which Spotify refuses in redirect URIs (got '${value}')`);
    }
    if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname)) {
        throw new UsageError(`--redirect-uri must be http:// on a loopback address, such as ${DEFAULT_REDIRECT_URI}, where this command can receive Spotify's redirect (got '${value}')`);
    }
    if (url.username || url.password || url.search || url.hash) {
        throw new UsageError(`--redirect-uri must not hold credentials, a query or a fragment (got '${value}')`);
    }
    return url;
}
function parseScope(value) {
    const scope = value?.trim().split(/\s+/).filter(Boolean).join(' ') ?? '';
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(scope)) {
        throw new UsageError('--scope must not hold control characters');
    }
    return scope;
}
function parseTimeout(value) {
    const text = value?.trim() ?? '';
    if (!text)
        return DEFAULT_TIMEOUT_SECONDS;
    const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
    if (!(seconds > 0)) {
        throw new UsageError(`${TIMEOUT_VARIABLE} must be a number of seconds above 0; got '${text}'`);
    }
    return seconds;
}
/** The authorize URL the person opens. */
function authorizeUrl(options, state) {
    const url = accountsEndpoint(options.accountsUrl, '/authorize');
    url.searchParams.set('client_id', options.clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('redirect_uri', options.redirectUri);
    url.searchParams.set('state', state);
    if (options.scope)
        url.searchParams.set('scope', options.scope);
    return url;
}
async function runAuthorize(options, context) {
    const { log } = context;
    const gh = options.setSecret ? requireGh(context.terminal.env) : undefined;
    const clientSecret = await readClientSecret(context);
    const transport = new Transport({
        timeoutMs: 30_000,
        maxRetries: 3,
        log,
        userAgent: USER_AGENT
    });
    try {
        const token = await authorizeInBrowser(options, clientSecret, transport, context);
        const authorization = dated(token);
        announce(options, authorization, log);
        const failure = gh
            ? await storeSecret(gh, options, authorization, context)
            : undefined;
        report(options, authorization, context);
        if (failure)
            throw failure;
        return 0;
    }
    finally {
        transport.close();
    }
}
function dated(token) {
    const authorizedAt = new Date();
    return {
        token,
        authorizedAt,
        expiresAt: monthsAfter(authorizedAt, REFRESH_TOKEN_MONTHS)
    };
}
function announce(options, { token, expiresAt }, log) {
    const scope = token.scope ? ` (scope: ${token.scope})` : '';
    log.say([
        `Authorized: Spotify issued a refresh token for client ${options.clientId}${scope}.`,
        `It expires ${REFRESH_TOKEN_MONTHS} months after this authorization, around ${day(expiresAt)}:`,
        'run spotify-ads authorize again before then.',
        ''
    ].join('\n'));
}
function requireGh(env) {
    const gh = findOnPath('gh', env);
    if (!gh) {
        throw new AuthorizeError('--set-secret needs the GitHub CLI, gh, on PATH (https://cli.github.com); install it and run gh auth login, or leave out --set-secret and store the token by hand.');
    }
    return gh;
}
/** From SPOTIFY_CLIENT_SECRET, or asked for without echo: never a flag. */
async function readClientSecret({ terminal, log }) {
    let secret = envValue(terminal.env, 'SPOTIFY_CLIENT_SECRET');
    if (!secret) {
        const answer = await terminal.readSecret('Client secret of the app (from the developer dashboard; not shown): ');
        if (answer === undefined) {
            throw new UsageError('SPOTIFY_CLIENT_SECRET is not set, and standard input is not a terminal to ask on; export SPOTIFY_CLIENT_SECRET first');
        }
        secret = answer.trim();
    }
    log.mask(secret);
    if (!secret || /\s/.test(secret)) {
        throw new UsageError('The client secret is empty or holds whitespace; copy it again from your app\u2019s settings on the developer dashboard');
    }
    return secret;
}
/** Listens, sends the person to Spotify, and waits for the code's token. */
async function authorizeInBrowser(options, clientSecret, transport, { terminal, log }) {
    const state = (0,external_node_crypto_namespaceObject.randomBytes)(32).toString('base64url');
    const tokenUrl = accountsEndpoint(options.accountsUrl, '/api/token');
    const credentials = { clientId: options.clientId, clientSecret };
    const callback = await listenForCallback({
        redirectUri: options.callbackUrl,
        state,
        timeoutMs: options.timeoutMs,
        exchange: code => exchangeCode(transport, tokenUrl, credentials, code, options, log)
    });
    try {
        const url = authorizeUrl(options, state).href;
        log.say(`Open this URL in a browser, log in to Spotify and agree:\n\n  ${url}\n`);
        if (options.open) {
            const problem = await terminal.openBrowser(url);
            if (problem) {
                log.say(`Could not open a browser (${problem}); open the URL yourself.`);
            }
        }
        log.say(`Waiting up to ${formatSeconds(options.timeoutMs)} for Spotify to send the browser to ${options.redirectUri} ...`);
        return await callback.result;
    }
    finally {
        callback.close();
    }
}
/**
 * Exchanges the code with Basic credentials and the same redirect URI.
 * https://developer.spotify.com/documentation/web-api/tutorials/code-flow#request-an-access-token
 */
async function exchangeCode(transport, tokenUrl, credentials, code, options, log) {
    log.mask(code);
    log.info(`Exchanging the code at ${describeTarget(tokenUrl)}`);
    const form = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: options.redirectUri
    });
    let token;
    try {
        token = await requestToken(transport, tokenUrl, credentials, form, log);
    }
    catch (error) {
        throw explainExchangeFailure(error);
    }
    const { refreshToken } = token;
    if (!refreshToken) {
        throw new AuthorizeError(`The token endpoint ${describeTarget(tokenUrl)} answered without a refresh_token; check --accounts-url.`);
    }
    return { ...token, refreshToken };
}
/** The engine's messages speak of the refresh grant; this is the code's. */
function explainExchangeFailure(error) {
    if (!(error instanceof TokenError))
        return error;
    if (error.code === 'invalid_grant') {
        return new TokenError('Spotify refused the authorization code (invalid_grant): it was used already, is more than 10 minutes old, or was issued for another redirect URI. Run spotify-ads authorize again.', error.status, error.code);
    }
    if (error.code === 'invalid_client') {
        return new TokenError(`${error.message} The client id comes from --client-id or SPOTIFY_CLIENT_ID, the secret from SPOTIFY_CLIENT_SECRET or the prompt.`, error.status, error.code);
    }
    return error;
}
/**
 * Runs gh. A failure is returned, not thrown, so that the token is still
 * printed: the code is used up, and the person should not lose it.
 */
async function storeSecret(gh, options, authorization, { terminal, log }) {
    const repository = options.setSecret?.repository;
    try {
        const said = await setRepositorySecret(gh, authorization.token.refreshToken, repository, terminal.env);
        authorization.stored = { repository };
        log.say(`Stored it as the Actions secret ${SECRET_NAME} of ${repository ?? 'the current repository'}${said ? ` (gh: ${said})` : ''}.`);
        return undefined;
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return new AuthorizeError(`${message}. The refresh token is on standard output; store it by hand with gh secret set ${SECRET_NAME}.`);
    }
}
/** The refresh token alone on stdout (or the JSON object); advice on stderr. */
function report(options, authorization, { terminal, log }) {
    const { token, stored } = authorization;
    // The one secret this command prints, the one it was asked for; not
    // even that once gh has stored it.
    if (options.json) {
        const result = {
            ...(stored ? {} : { refresh_token: token.refreshToken }),
            expires_at: authorize_isoSeconds(authorization.expiresAt),
            scope: token.scope,
            client_id: options.clientId,
            redirect_uri: options.redirectUri,
            authorized_at: authorize_isoSeconds(authorization.authorizedAt),
            ...(stored
                ? { secret: SECRET_NAME, repository: stored.repository ?? null }
                : {})
        };
        terminal.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
    }
    if (stored)
        return;
    terminal.stdout.write(`${token.refreshToken}\n`);
    log.say([
        '',
        `Store it as the repository secret ${SECRET_NAME}, out of your shell`,
        'history: in a clone of the repository (or with --repo OWNER/NAME), run',
        '',
        `  gh secret set ${SECRET_NAME}`,
        '',
        'and paste the token when gh asks for it (gh reads it from standard input).',
        'Next time, --set-secret does this for you.'
    ].join('\n'));
}
/**
 * The same day so many months on, or the month's last day when it has no
 * such day (31 August + 6 months is 28 or 29 February).
 */
function monthsAfter(date, months) {
    const result = new Date(date.getTime());
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + months);
    const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, lastDay));
    return result;
}
function day(date) {
    return date.toISOString().slice(0, 10);
}
function authorize_isoSeconds(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

;// CONCATENATED MODULE: ./src/cli/help.ts
/**
 * What `--help` prints. Each text fits 80 columns and ends with examples and
 * the exit status, which every command shares.
 */
const EXIT_STATUS = `Exit status:
  0  success
  1  the command failed: Spotify refused a request, the Ads API answered
     with a status outside 2xx, or the authorization did not complete
  2  usage error: an unknown option, a missing argument or a bad value`;
const MAIN_HELP = `Usage: spotify-ads <command> [options]

The Spotify Ads API from a terminal, with the engine of the spotify-ads
GitHub Action: the same validation, retries and error messages.

Commands:
  authorize   Authorize your app in a browser once; get a refresh token
  token       Mint an access token and print it
  request     Call an Ads API path and print the JSON answer

Run 'spotify-ads <command> --help' for the options of a command.

Environment:
  SPOTIFY_CLIENT_ID       Client id of your Spotify app
  SPOTIFY_CLIENT_SECRET   Its client secret (authorize asks when it is unset)
  SPOTIFY_REFRESH_TOKEN   The refresh token authorize printed (token, request)

Examples:
  spotify-ads authorize --client-id 5f2c9e0d1a7b4c3e8f6a2b1c0d9e8f7a
  spotify-ads token
  spotify-ads request ad_accounts/$AD_ACCOUNT/campaigns --query limit=5

${EXIT_STATUS}
`;
const AUTHORIZE_HELP = `Usage: spotify-ads authorize --client-id ID [options]

Opens Spotify's consent page in your browser, waits for Spotify to send the
browser back to this machine, and exchanges the code for a refresh token.
Spotify expires refresh tokens 6 months after the authorization: run this
again twice a year.

The refresh token alone goes to standard output (or one JSON object with
--json); the URL to open and everything else go to standard error. The
client secret comes from SPOTIFY_CLIENT_SECRET, or is asked for without
echo: never from a flag, so that it stays out of your shell history.

Options:
  --client-id ID        Client id of your app (default: $SPOTIFY_CLIENT_ID)
  --redirect-uri URI    A redirect URI registered in your app's settings on
                        the developer dashboard; http on a loopback address
                        (default: http://127.0.0.1:8080/callback)
  --scope SCOPES        Scopes to ask for, separated by spaces (default: none)
  --no-open             Print the URL to open, but do not open a browser
  --json                Print one JSON object: refresh_token (unless
                        stored with --set-secret), expires_at, scope,
                        client_id, redirect_uri, authorized_at
  --set-secret [REPO]   Store the token as the Actions secret
                        SPOTIFY_REFRESH_TOKEN with gh (GitHub CLI), in REPO
                        (OWNER/NAME) or the repository of the current folder.
                        gh gets the token on standard input, never as an
                        argument
  --accounts-url URL    Spotify's accounts service
                        (default: https://accounts.spotify.com)
  --verbose             Show each request, with credentials redacted
  -h, --help            Show this help

Environment:
  SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET
  SPOTIFY_ADS_AUTHORIZE_TIMEOUT_SECONDS
                        Seconds to wait for the browser (default 300); meant
                        for tests

Examples:
  spotify-ads authorize --client-id 5f2c9e0d1a7b4c3e8f6a2b1c0d9e8f7a
  export SPOTIFY_CLIENT_ID=5f2c9e0d1a7b4c3e8f6a2b1c0d9e8f7a
  spotify-ads authorize --set-secret my-org/ad-reports
  spotify-ads authorize | gh secret set SPOTIFY_REFRESH_TOKEN

${EXIT_STATUS}
`;
const TOKEN_HELP = `Usage: spotify-ads token [options]

Mints an access token from SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET and
SPOTIFY_REFRESH_TOKEN, and prints only the token to standard output, for use
in other commands. It lives one hour. Status lines go to standard error, and
only when it is a terminal.

Options:
  --accounts-url URL      Spotify's accounts service
                          (default: https://accounts.spotify.com)
  --timeout-seconds N     Time allowed for each request, 1 to 3600 (default 30)
  --max-retries N         Retries of a transient failure, 0 to 10 (default 3)
  --verbose               Show each request, with credentials redacted
  -h, --help              Show this help

Examples:
  curl -H "Authorization: Bearer $(spotify-ads token)" \\
    https://api-partner.spotify.com/ads/v3/businesses

${EXIT_STATUS}
`;
const REQUEST_HELP = `Usage: spotify-ads request PATH [options]

Mints an access token (as the token command does), calls the Ads API and
prints the answer as it came to standard output, or writes it to a file. A
status outside 2xx still prints the answer, says what went wrong (with
Spotify's sp_trace_id) on standard error, and exits 1.

PATH is relative to --api-base-url (businesses, ad_accounts/ID/campaigns),
or an absolute URL on the same origin.

Options:
  --method METHOD         GET, POST, PUT, PATCH or DELETE (default GET)
  --query KEY=VALUE       A query parameter; repeat for more, or for an
                          array parameter (--query fields=IMPRESSIONS
                          --query fields=CLICKS)
  --body JSON             JSON request body, not with GET
  --out FILE              Write the answer to FILE instead of standard output
  --paginate              Fetch every page of a list (paging) or a report
                          (continuation_token) as one document
  --max-pages N           Fail rather than fetch more pages (default 1000)
  --concurrency N         Pages fetched at once, 1 to 16 (default 4)
  --select EXPR           Print the JSON this JMESPath expression selects,
                          instead of the answer (which --out still keeps)
  --assert EXPR           Exit 1 unless this JMESPath expression is truthy
  --wait-for-report       After POST ad_accounts/ID/async_reports, wait until
                          the report is READY and save its CSV
  --poll-interval-seconds N  Seconds between status reads (default 10)
  --wait-timeout-seconds N   Give up after N seconds (default 1800)
  --report-file FILE      Where the CSV goes (default: report-ID.csv here)
  --api-base-url URL      Base URL of the Ads API
                          (default: https://api-partner.spotify.com/ads/v3)
  --accounts-url URL      Spotify's accounts service
                          (default: https://accounts.spotify.com)
  --timeout-seconds N     Time allowed for each request, 1 to 3600 (default 30)
  --max-retries N         Retries of a transient failure, 0 to 10 (default 3)
  --verbose               Show each request, with credentials redacted
  -h, --help              Show this help

Environment:
  SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET, SPOTIFY_REFRESH_TOKEN

Examples:
  spotify-ads request businesses
  spotify-ads request ad_accounts/$AD_ACCOUNT/campaigns --query limit=50 \\
    --out campaigns.json
  spotify-ads request ad_accounts/$AD_ACCOUNT/campaigns --paginate \\
    --select 'campaigns[].name'
  spotify-ads request ad_accounts/$AD_ACCOUNT/campaigns --method POST \\
    --body '{"name": "Winter launch", "objective": "REACH"}'
  spotify-ads request ad_accounts/$AD_ACCOUNT/async_reports --method POST \\
    --body '{"name": "Daily", "granularity": "LIFETIME",
             "dimensions": ["CAMPAIGN_NAME"], "metrics": ["IMPRESSIONS"]}' \\
    --wait-for-report --report-file campaigns.csv

${EXIT_STATUS}
`;

;// CONCATENATED MODULE: ./src/cli/log.ts
const REDACTED = '***';
/**
 * The command-line tool's log: every line goes to standard error, and every
 * line is scanned for the secrets registered with `mask()` first, so that no
 * secret can be printed by accident. Standard output is left to the one
 * thing a command was asked for.
 */
class TerminalLog {
    stderr;
    level;
    secrets = [];
    constructor(stderr, level) {
        this.stderr = stderr;
        this.level = level;
    }
    debug(message) {
        if (this.level.debug)
            this.line(`debug: ${message}`);
    }
    info(message) {
        if (this.level.status)
            this.line(message);
    }
    warning(message) {
        this.line(`warning: ${message}`);
    }
    error(message) {
        this.line(`spotify-ads: ${message}`);
    }
    /** A line the person needs whatever the level: a URL to open, a result. */
    say(message) {
        this.line(message);
    }
    mask(secret) {
        const forms = [secret, encodeURIComponent(secret)];
        for (const form of forms) {
            if (form.trim() && !this.secrets.includes(form))
                this.secrets.push(form);
        }
        // The longest first, so that a secret holding another is hidden whole.
        this.secrets.sort((a, b) => b.length - a.length);
    }
    /** The text with every registered secret replaced by `***`. */
    redact(text) {
        let redacted = text;
        for (const secret of this.secrets) {
            redacted = redacted.split(secret).join(REDACTED);
        }
        return redacted;
    }
    line(text) {
        this.stderr.write(`${this.redact(text)}\n`);
    }
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./src/paginate.ts
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

/** The page size sent when the query sets none: the API's maximum. */
const DEFAULT_LIMIT = 50;
/** Items kept in memory for the job summary. */
const FIRST_ITEMS = 10;
/** A list or report that does not fit in `max-pages`, or a broken page. */
class PagingError extends Error {
    name = 'PagingError';
}
/** Finds how a page pages: by offset, by cursor, or not at all. */
function detectShape(page) {
    if (!paginate_isObject(page))
        return { kind: 'single' };
    if (typeof page.continuation_token === 'string' && Array.isArray(page.rows)) {
        return { kind: 'cursor', listKey: 'rows' };
    }
    const listKey = Object.keys(page).find(key => Array.isArray(page[key]));
    if (!listKey)
        return { kind: 'single' };
    const paging = page.paging;
    const offsetPaged = paginate_isObject(paging) && typeof paging.total_results === 'number';
    return { kind: offsetPaged ? 'offset' : 'single', listKey };
}
/** Stats of one page on its own, when nothing more is fetched. */
function singlePageStats(page) {
    const shape = detectShape(page);
    const items = shape.listKey && paginate_isObject(page) ? page[shape.listKey] : [];
    return {
        shape,
        pageCount: 1,
        itemCount: shape.listKey ? items.length : undefined,
        firstItems: items.slice(0, FIRST_ITEMS)
    };
}
/** The first page's URL: with `limit` when the query sets none. */
function firstPageUrl(request) {
    const url = new URL(request.url.href);
    if (!url.searchParams.has('limit')) {
        url.searchParams.set('limit', String(DEFAULT_LIMIT));
    }
    return url;
}
/**
 * Plans the rest of a document from its first page. An offset list larger
 * than `max-pages` is refused here, before any further request.
 */
function planDocument(request, first, shape, options, fetchPage, log) {
    const stats = {
        shape,
        pageCount: 1,
        itemCount: 0,
        firstItems: []
    };
    const listKey = shape.listKey ?? '';
    const context = { request, first, listKey, options, fetchPage, log, stats };
    if (shape.kind === 'offset') {
        const offsets = remainingOffsets(request, first, options);
        return { stats, chunks: () => offsetDocument(context, offsets) };
    }
    return { stats, chunks: () => cursorDocument(context) };
}
/** The offsets of every page after the first. */
function remainingOffsets(request, first, options) {
    const paging = first.paging;
    const total = paging.total_results;
    const limit = Number(firstPageUrl(request).searchParams.get('limit'));
    const start = Number(request.url.searchParams.get('offset') ?? 0);
    const offsets = [];
    for (let offset = start + limit; offset < total; offset += limit) {
        offsets.push(offset);
    }
    const pages = offsets.length + 1;
    if (pages > options.maxPages) {
        throw new PagingError(`The list holds ${total} items, ${pages} pages of ${limit}, more than max-pages (${options.maxPages}). Raise max-pages, or narrow the request with query parameters.`);
    }
    return offsets;
}
/**
 * `{…other keys, "<list>": [every item], "paging": {…}}`. Pages after the
 * first are fetched `concurrency` at a time and written in API order.
 */
async function* offsetDocument(context, offsets) {
    const { first, listKey, stats } = context;
    yield `{${headFields(first, [listKey, 'paging'])}${JSON.stringify(listKey)}:[`;
    yield items(first[listKey], stats);
    yield* inOrder(offsets, context, response => {
        const page = readPage(context.request, response);
        stats.pageCount++;
        return items(listOf(page, listKey, stats.pageCount), stats);
    });
    const total = first.paging.total_results;
    if (total !== stats.itemCount) {
        context.log.warning(`Spotify reported ${String(total)} items but ${stats.itemCount} were read: the list changed while it was paged. Run the step again for a consistent copy.`);
    }
    const paging = {
        page_size: stats.itemCount,
        total_results: stats.itemCount,
        offset: 0,
        current_page: 1
    };
    yield `],"paging":${JSON.stringify(paging)}}`;
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
async function* inOrder(offsets, context, turn) {
    const { request, options, fetchPage } = context;
    const inFlight = [];
    let next = 0;
    const launch = () => {
        if (next >= offsets.length)
            return;
        const url = firstPageUrl(request);
        url.searchParams.set('offset', String(offsets[next++]));
        const response = fetchPage(url);
        // Note: a page that fails while an earlier one is awaited must not be
        // an unhandled rejection; it is awaited, and thrown, in its turn.
        response.catch(() => undefined);
        inFlight.push(response);
    };
    for (let i = 0; i < options.concurrency; i++)
        launch();
    while (inFlight.length > 0) {
        const text = turn(await inFlight.shift());
        launch();
        yield text;
    }
}
/**
 * `{…other keys, "rows": [every row], "warnings": [...], "continuation_token": ""}`.
 * Each page after the first is asked for with its token alone.
 */
async function* cursorDocument(context) {
    const { request, first, options, fetchPage, stats } = context;
    const skip = ['rows', 'warnings', 'continuation_token'];
    yield `{${headFields(first, skip)}"rows":[`;
    yield items(first.rows, stats);
    const warnings = new Map();
    addWarnings(warnings, first.warnings);
    let token = first.continuation_token;
    while (token) {
        if (stats.pageCount >= options.maxPages) {
            throw new PagingError(`The report has more than max-pages (${options.maxPages}) pages. Raise max-pages, or narrow the report (a shorter date range, fewer entities).`);
        }
        const url = new URL(request.url.pathname, request.url.origin);
        url.searchParams.set('continuation_token', token);
        const page = cursorPage(request, await fetchPage(url), stats, warnings);
        token = page.token;
        yield page.text;
    }
    const allWarnings = JSON.stringify([...warnings.values()]);
    yield `],"warnings":${allWarnings},"continuation_token":""}`;
}
/**
 * A report page after the first, read in one go: its rows as text, its
 * warnings kept, and the token of the next page. The parsed page is not
 * held while its text is written.
 */
function cursorPage(request, response, stats, warnings) {
    const page = readPage(request, response);
    stats.pageCount++;
    const text = items(listOf(page, 'rows', stats.pageCount), stats);
    addWarnings(warnings, page.warnings);
    const nextToken = page.continuation_token;
    return { text, token: typeof nextToken === 'string' ? nextToken : '' };
}
/** The first page's other fields, as `"key":value,` text. */
function headFields(first, skip) {
    return Object.entries(first)
        .filter(([key]) => !skip.includes(key))
        .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)},`)
        .join('');
}
/** A page's items as JSON text, with the comma that joins it to the last. */
function items(list, stats) {
    if (list.length === 0)
        return '';
    // One string a page, not one an item: less garbage to collect.
    const text = JSON.stringify(list).slice(1, -1);
    const separator = stats.itemCount ? ',' : '';
    for (const item of list) {
        if (stats.firstItems.length >= FIRST_ITEMS)
            break;
        stats.firstItems.push(item);
    }
    stats.itemCount = (stats.itemCount ?? 0) + list.length;
    return separator + text;
}
function readPage(request, response) {
    if (response.status < 200 || response.status > 299) {
        throw apiError({ ...request, method: 'GET' }, response);
    }
    try {
        return JSON.parse(response.body.toString('utf8'));
    }
    catch {
        throw new PagingError(`A page of ${request.url.origin}${request.url.pathname} is not JSON (${response.body.length} bytes); the list cannot be assembled. Try again; if it lasts, page by hand without paginate.`);
    }
}
function listOf(page, key, pageNumber) {
    const list = paginate_isObject(page) ? page[key] : undefined;
    if (!Array.isArray(list)) {
        throw new PagingError(`Page ${pageNumber} has no "${key}" list like the first page had; the list cannot be assembled.`);
    }
    return list;
}
/** Keeps each distinct warning once, as the pages gave it. */
function addWarnings(warnings, value) {
    if (!Array.isArray(value))
        return;
    for (const warning of value)
        warnings.set(JSON.stringify(warning), warning);
}
function paginate_isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/document.ts
/**
 * One Ads API request, as the action and the command line both make it:
 * the answer as it came or, with paginate, every page as one document,
 * handed to a sink (a file, standard output), then `select` and `assert`.
 */





/**
 * Sends the request and hands what came to `sink`, whatever the status:
 * an error body is kept too. With paginate, a list or report is fetched
 * page by page and streamed to the sink as one document.
 */
async function fetchDocument(context, request, paging, sink) {
    const { log } = context;
    const fetchPage = url => callApi(context.transport, context.apiBaseUrl, { ...request, url }, context.tokens, log);
    const every = paging.paginate ? ', every page' : '';
    log.info(`Calling ${request.method} ${describeTarget(request.url)}${every}`);
    const started = Date.now();
    const response = await fetchPage(paging.paginate ? firstPageUrl(request) : request.url);
    log.info(`HTTP ${response.status} in ${formatSeconds(Date.now() - started)}`);
    const ok = response.status >= 200 && response.status <= 299;
    const page = document_parseJson(response.body);
    const shape = page.json ? detectShape(page.value) : undefined;
    if (paging.paginate && ok && shape && shape.kind !== 'single') {
        const planned = planDocument(request, page.value, shape, paging, fetchPage, log);
        const bytes = await sink(planned.chunks());
        const { pageCount, itemCount } = planned.stats;
        log.info(`Read ${itemCount ?? 0} items in ${pageCount} page(s) in ${formatSeconds(Date.now() - started)}`);
        return { response, ok, json: true, bytes, stats: planned.stats };
    }
    const bytes = await sink(response.body);
    if (!page.json && response.body.length > 0) {
        const type = response.headers['content-type'] ?? 'no content type';
        log.info(`The answer is not JSON (${type}); it is kept as it came.`);
    }
    return {
        response,
        ok,
        json: page.json,
        bytes,
        stats: page.json ? singlePageStats(page.value) : undefined,
        parsed: page.value
    };
}
/**
 * Applies `select` and `assert` to a fetched document. A paged document is
 * read back whole, through `readWhole`, only here.
 *
 * @returns the JSON of `select`, when there is one
 */
async function applyExpressions(expressions, fetched, readWhole, where) {
    const { select, assert } = expressions;
    if (!select && !assert)
        return undefined;
    if (!fetched.json) {
        throw new SelectError(`select and assert need a JSON answer, and the answer kept in ${where} is not JSON.`);
    }
    const document = fetched.parsed ?? JSON.parse(await readWhole());
    const result = select ? selectResult(select, document, where) : undefined;
    if (assert)
        checkAssertion(assert, document);
    return result;
}
function document_parseJson(body) {
    try {
        return { json: true, value: JSON.parse(body.toString('utf8')) };
    }
    catch {
        return { json: false };
    }
}

;// CONCATENATED MODULE: external "node:readline"
const external_node_readline_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/response-file.ts





/**
 * Replaces a file whole or not at all: the content goes to a temporary file
 * in the same folder, which is then renamed over the target. A reader never
 * sees half a file, and a failure leaves the old file as it was and no
 * temporary file behind.
 */
async function writeFileAtomic(path, content) {
    const folder = (0,external_node_path_namespaceObject.dirname)(path);
    const temporary = (0,external_node_path_namespaceObject.join)(folder, `.${(0,external_node_path_namespaceObject.basename)(path)}.${(0,external_node_crypto_namespaceObject.randomBytes)(6).toString('hex')}.tmp`);
    try {
        await (0,promises_namespaceObject.mkdir)(folder, { recursive: true });
        await (0,promises_namespaceObject.writeFile)(temporary, guard(content));
        await (0,promises_namespaceObject.rename)(temporary, path);
    }
    catch (error) {
        await (0,promises_namespaceObject.rm)(temporary, { force: true }).catch(() => undefined);
        if (error instanceof ContentFailure)
            throw error.cause;
        throw new FileError(`Failed to write '${path}': ${messageOf(error)}`);
    }
}
/** An error thrown by the content itself, not by the file system. */
class ContentFailure extends Error {
    cause;
    name = 'ContentFailure';
    constructor(cause) {
        super('the content could not be produced');
        this.cause = cause;
    }
}
/**
 * Marks errors that come from producing the content (a page that could not
 * be fetched), so they reach the caller as they are, not as a file error.
 */
function guard(content) {
    if (typeof content === 'string' || content instanceof Uint8Array) {
        return content;
    }
    return (async function* () {
        try {
            yield* content;
        }
        catch (error) {
            throw new ContentFailure(error);
        }
    })();
}
/**
 * A path unique to this step: `GITHUB_ACTION` names the step within its job,
 * and a random suffix keeps two runs of one step apart.
 */
function defaultResponseFile(env) {
    const folder = join(env.RUNNER_TEMP || tmpdir(), 'spotify-ads');
    const step = (env.GITHUB_ACTION || 'response').replace(/[^\w.-]+/g, '_');
    return join(folder, `${step}-${randomBytes(4).toString('hex')}.json`);
}

;// CONCATENATED MODULE: ./src/report.ts
/**
 * Async CSV reports: after `POST ad_accounts/{id}/async_reports` answered
 * `{id}`, poll `GET …/async_reports/{id}` until the report is `READY`,
 * `FAILED` or `EXPIRED`, then download `report_url`, a signed link on a
 * storage host, without the bearer token.
 * https://developer.spotify.com/documentation/ads-api/reference/reports
 */








/** A report that failed, expired, or was not ready in time. */
class ReportError extends Error {
    state;
    name = 'ReportError';
    constructor(message, state) {
        super(message);
        this.state = state;
    }
}
/** Rows of the CSV shown in the job summary, with its header. */
const SUMMARY_ROWS = 10;
/** The CSV's path when `report-file` is not set: beside the response file. */
function defaultReportFile(responseFile) {
    const name = basename(responseFile).replace(/\.json$/i, '');
    return join(dirname(responseFile), `${name}.csv`);
}
/** The report id in a create answer, `{"id": "…"}`. */
function createdReportId(parsed) {
    const id = typeof parsed === 'object' && parsed !== null
        ? parsed.id
        : undefined;
    if (typeof id !== 'string' || !id) {
        throw new ReportError('The answer to the POST holds no report id, so there is no report to wait for. wait-for-report works with POST ad_accounts/{id}/async_reports.');
    }
    return id;
}
/**
 * Polls until the report is done, then downloads it to `file`.
 *
 * @param onStatus - called with every status read, so that a caller can
 *   publish the id and status even if the wait then fails
 */
async function waitForReport(context, created, id, wait, onStatus, sleep = report_delay) {
    const statusUrl = new URL(`${created.url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(id)}`, created.url.origin);
    const request = { method: 'GET', url: statusUrl };
    const started = Date.now();
    for (;;) {
        const response = await callApi(context.transport, context.apiBaseUrl, request, context.tokens, context.log);
        if (response.status < 200 || response.status > 299) {
            throw apiError(request, response);
        }
        const answer = readStatus(response.body);
        const state = {
            id,
            status: answer.status,
            statusBody: response.body
        };
        onStatus(state);
        const waited = Date.now() - started;
        context.log.info(`Report ${id} is ${answer.status} after ${formatSeconds(waited)}`);
        if (answer.status === 'READY') {
            return download(context, state, answer.reportUrl, wait.reportFile);
        }
        if (answer.status === 'FAILED' || answer.status === 'EXPIRED') {
            throw new ReportError(`Report ${id} is ${answer.status}: Spotify ${answer.status === 'FAILED' ? 'could not make it' : 'no longer keeps it'}. Create it again${answer.status === 'FAILED' ? ', and check its dimensions, metrics and dates' : ''}.`, state);
        }
        if (waited + wait.pollIntervalMs > wait.waitTimeoutMs) {
            throw new ReportError(`Report ${id} was still ${answer.status} after ${formatSeconds(waited)}, and wait-timeout-seconds allows ${formatSeconds(wait.waitTimeoutMs)}. Its id is in the report-id output: a later job can read it with GET ${describeTarget(statusUrl)}.`, state);
        }
        await sleep(wait.pollIntervalMs);
    }
}
function readStatus(body) {
    let parsed;
    try {
        parsed = JSON.parse(body.toString('utf8'));
    }
    catch {
        parsed = undefined;
    }
    const fields = typeof parsed === 'object' && parsed !== null
        ? parsed
        : {};
    const status = typeof fields.status === 'string' ? fields.status : '';
    if (!status) {
        throw new ReportError('A report status answer holds no status; it cannot be followed.');
    }
    const reportUrl = typeof fields.report_url === 'string' ? fields.report_url : undefined;
    return { status, reportUrl };
}
/**
 * Streams the CSV to its file, replacing it whole. The link is signed, so
 * it is masked and never logged; it goes out with no `Authorization`
 * header: the bearer token never leaves the Ads API's origin.
 */
async function download(context, state, reportUrl, file) {
    const url = parseReportUrl(state, reportUrl);
    // As given and as parsed: the two may differ in their escaping.
    context.log.mask(reportUrl);
    context.log.mask(url.href);
    context.log.info(`Downloading report ${state.id} from ${url.origin}`);
    const response = await context.transport.download({
        method: 'GET',
        url,
        headers: { accept: 'text/csv' },
        idempotent: true,
        secretQuery: true
    }, body => writeFileAtomic(file, body));
    if (response.status < 200 || response.status > 299) {
        throw new ReportError(`Downloading report ${state.id} from ${url.origin} answered HTTP ${response.status}. The signed link may have expired: run the step again to get a new one.`, state);
    }
    const { size } = await (0,promises_namespaceObject.stat)(file);
    context.log.info(`Wrote report ${state.id}, ${size} bytes, to ${file}`);
    return { ...state, file, bytes: size };
}
/** The signed link: https (http on loopback, for tests), no credentials. */
function parseReportUrl(state, value) {
    const refuse = (problem) => new ReportError(`Report ${state.id} is READY, but its report_url is ${problem}; it was not fetched.`, state);
    let url;
    try {
        url = new URL(value ?? '');
    }
    catch {
        throw refuse('missing or not a URL');
    }
    const secure = url.protocol === 'https:' ||
        (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    if (!secure)
        throw refuse('not an https link');
    if (url.username || url.password) {
        throw refuse('a link with credentials in it');
    }
    return url;
}
/**
 * The first rows of a CSV file, header first, for the job summary: read a
 * line at a time, so a large report is not loaded whole.
 */
async function csvHead(file, rows = SUMMARY_ROWS + 1) {
    const lines = createInterface({
        input: createReadStream(file, 'utf8'),
        crlfDelay: Infinity
    });
    const head = [];
    for await (const line of lines) {
        if (head.length >= rows)
            break;
        if (line)
            head.push(parseCsvLine(line));
    }
    lines.close();
    return head;
}
/** One CSV line (RFC 4180 quoting; a quoted line break is not supported). */
function parseCsvLine(line) {
    const cells = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
        const char = line[i];
        if (quoted) {
            if (char === '"' && line[i + 1] === '"') {
                cell += '"';
                i++;
            }
            else if (char === '"')
                quoted = false;
            else
                cell += char;
        }
        else if (char === '"')
            quoted = true;
        else if (char === ',') {
            cells.push(cell);
            cell = '';
        }
        else
            cell += char;
    }
    cells.push(cell);
    return cells;
}
function report_delay(ms) {
    return new Promise(resolve => setTimeout(resolve, ms));
}

;// CONCATENATED MODULE: ./src/cli/request.ts
/**
 * `spotify-ads request PATH`: one Ads API call, with the action's engine.
 * `requestOptions` turns the command line into the action's inputs, and
 * `runRequest` makes the call, so a new flag is one line in each.
 */









const REQUEST_OPTIONS = {
    ...COMMON_OPTIONS,
    ...ACCOUNTS_OPTIONS,
    ...ENGINE_OPTIONS,
    method: { type: 'string' },
    query: { type: 'string', multiple: true },
    body: { type: 'string' },
    out: { type: 'string' },
    'api-base-url': { type: 'string' },
    paginate: { type: 'boolean' },
    'max-pages': { type: 'string' },
    concurrency: { type: 'string' },
    select: { type: 'string' },
    assert: { type: 'string' },
    'wait-for-report': { type: 'boolean' },
    'poll-interval-seconds': { type: 'string' },
    'wait-timeout-seconds': { type: 'string' },
    'report-file': { type: 'string' }
};
function requestOptions(args, env) {
    const { values, positionals } = parseCommand(args, REQUEST_OPTIONS);
    const [path, extra] = positionals;
    if (!path?.trim()) {
        throw new UsageError('PATH is missing: give an Ads API path such as businesses or ad_accounts/ID/campaigns');
    }
    if (extra !== undefined) {
        throw new UsageError(`unexpected argument '${extra}': give one PATH, and each query parameter as --query KEY=VALUE`);
    }
    for (const pair of values.query ?? []) {
        if (!/^[^=]*\S[^=]*=/.test(pair)) {
            throw new UsageError(`--query '${pair}' is not KEY=VALUE; write --query fields=IMPRESSIONS`);
        }
    }
    const inputs = parseEngineInputs({ ...values, path }, env);
    if (!inputs.request)
        throw new UsageError('PATH is missing');
    return {
        inputs,
        request: inputs.request,
        out: inputs.responseFile,
        verbose: values.verbose === true
    };
}
async function runRequest(options, context) {
    const { inputs, request } = options;
    const { log } = context;
    const transport = createTransport(inputs, log);
    try {
        const tokens = refreshingTokens(transport, inputs, log);
        await tokens.mint();
        const engine = { transport, apiBaseUrl: inputs.apiBaseUrl, tokens, log };
        const sink = documentSink(options, context);
        const fetched = await fetchDocument(engine, request, inputs.paging, sink);
        if (!fetched.ok)
            throw apiError(request, fetched.response);
        if (inputs.report) {
            await saveReport(engine, options, fetched.parsed, inputs.report, context);
        }
        const result = await applyExpressions(inputs, fetched, sink.readWhole, options.out ?? 'memory');
        if (result !== undefined)
            context.terminal.stdout.write(`${result}\n`);
        if (inputs.assert)
            log.info(`assert \`${inputs.assert}\` holds.`);
        return 0;
    }
    finally {
        transport.close();
    }
}
/**
 * Waits for the async report the request created and saves its CSV to
 * --report-file, by default report-ID.csv in the current folder.
 */
async function saveReport(engine, options, created, wait, { terminal }) {
    const id = createdReportId(created);
    const reportFile = wait.reportFile ?? (0,external_node_path_namespaceObject.resolve)(`report-${id}.csv`);
    const done = await waitForReport(engine, options.request, id, { ...wait, reportFile }, () => undefined);
    terminal.stderr.write(`Report ${id} is ${done.status}: ${done.bytes ?? 0} bytes of CSV in ${reportFile}\n`);
}
/**
 * Where the answer goes: the --out file (replaced whole), memory when
 * --select prints only its result, or standard output as it arrives.
 */
function documentSink(options, { terminal, log }) {
    const { out } = options;
    if (out) {
        const sink = async (content) => {
            await writeFileAtomic(out, content);
            const { size } = await (0,promises_namespaceObject.stat)(out);
            log.info(`Wrote ${size} bytes to ${out}`);
            return size;
        };
        return Object.assign(sink, { readWhole: () => (0,promises_namespaceObject.readFile)(out, 'utf8') });
    }
    if (options.inputs.select) {
        let text = '';
        const sink = async (content) => {
            for await (const chunk of chunksOf(content))
                text += chunk.toString();
            return Buffer.byteLength(text);
        };
        return Object.assign(sink, { readWhole: () => Promise.resolve(text) });
    }
    const sink = async (content) => {
        let bytes = 0;
        let last = '';
        for await (const chunk of chunksOf(content)) {
            const text = chunk.toString();
            bytes += Buffer.byteLength(text);
            if (text)
                last = text;
            await write(terminal.stdout, chunk);
        }
        // A prompt after an answer without a final newline would be hard to read.
        if (terminal.stdout.isTTY && last && !last.endsWith('\n')) {
            terminal.stdout.write('\n');
        }
        return bytes;
    };
    return Object.assign(sink, {
        readWhole: () => Promise.reject(new Error('the answer went to standard output'))
    });
}
async function* chunksOf(content) {
    if (typeof content === 'string' || content instanceof Uint8Array) {
        yield content;
        return;
    }
    yield* content;
}
/** Writes with backpressure, so a slow pipe does not fill memory. */
async function write(stream, chunk) {
    stream.write(chunk);
    await stream.drained?.();
}

;// CONCATENATED MODULE: ./src/cli/token.ts



const TOKEN_OPTIONS = {
    ...COMMON_OPTIONS,
    ...ACCOUNTS_OPTIONS,
    ...ENGINE_OPTIONS
};
function tokenOptions(args, env) {
    const { values, positionals } = parseCommand(args, TOKEN_OPTIONS);
    if (positionals.length > 0) {
        throw new UsageError(`unexpected argument '${positionals[0]}'`);
    }
    return {
        inputs: parseEngineInputs(values, env),
        verbose: values.verbose === true
    };
}
async function runToken(options, { terminal, log }) {
    const transport = createTransport(options.inputs, log);
    try {
        const tokens = refreshingTokens(transport, options.inputs, log);
        const token = await tokens.mint();
        // The one secret this command prints: the one it was asked for.
        terminal.stdout.write(`${token.accessToken}\n`);
        return 0;
    }
    finally {
        transport.close();
    }
}

;// CONCATENATED MODULE: ./src/cli/run.ts
/**
 * The command line: picks the command, parses its options, runs it, and
 * turns what it threw into a message and an exit code.
 */









const EXIT_SUCCESS = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const HELP = {
    authorize: AUTHORIZE_HELP,
    token: TOKEN_HELP,
    request: REQUEST_HELP
};
/**
 * Runs one command line and resolves to its exit code; never rejects.
 * Every secret in the environment is masked before anything is parsed.
 */
async function runCli(args, terminal) {
    const log = new TerminalLog(terminal.stderr, {
        status: terminal.stderr.isTTY,
        debug: false
    });
    for (const name of [
        CREDENTIAL_VARIABLES['client-secret'],
        CREDENTIAL_VARIABLES['refresh-token']
    ]) {
        const value = terminal.env[name];
        if (value)
            log.mask(value.trim());
    }
    const [command, ...rest] = args;
    try {
        return await dispatch(command, rest, { terminal, log });
    }
    catch (error) {
        return fail(error, command, log);
    }
}
async function dispatch(command, args, context) {
    const { terminal } = context;
    if (command === undefined) {
        context.log.say(MAIN_HELP);
        return EXIT_USAGE;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
        return printHelp(terminal, args[0]);
    }
    if (HELP[command] && wantsHelp(args))
        return printHelp(terminal, command);
    switch (command) {
        case 'authorize': {
            const options = authorizeOptions(args, terminal.env);
            return runAuthorize(options, withLevel(context, options.verbose));
        }
        case 'token': {
            const options = tokenOptions(args, terminal.env);
            return runToken(options, withLevel(context, options.verbose));
        }
        case 'request': {
            const options = requestOptions(args, terminal.env);
            return runRequest(options, withLevel(context, options.verbose));
        }
    }
    throw new UsageError(`unknown command '${command}'; the commands are authorize, token and request`);
}
function printHelp(terminal, command) {
    const text = command === undefined ? MAIN_HELP : HELP[command];
    if (text === undefined) {
        throw new UsageError(`no help for '${command}'; the commands are authorize, token and request`);
    }
    terminal.stdout.write(text);
    return EXIT_SUCCESS;
}
/** `--verbose` shows progress and request details, terminal or not. */
function withLevel(context, verbose) {
    if (verbose) {
        context.log.level.status = true;
        context.log.level.debug = true;
    }
    return context;
}
function fail(error, command, log) {
    log.error(messageOf(error));
    const usage = error instanceof UsageError || error instanceof InputError;
    if (!usage)
        return EXIT_FAILURE;
    const topic = command && HELP[command] ? ` ${command}` : '';
    log.say(`Run 'spotify-ads${topic} --help' for usage.`);
    return EXIT_USAGE;
}

;// CONCATENATED MODULE: ./src/cli/browser.ts

/** How long an opener may take to fail before we take it as done. */
const OPENER_GRACE_MS = 2000;
/**
 * Opens a URL with the platform's opener: `open` on macOS, `start` on
 * Windows, `xdg-open` elsewhere. Never throws: a machine without a browser
 * (a server over SSH) is normal, and the URL is printed anyway.
 *
 * @returns why the browser could not be opened, or undefined
 */
function openBrowser(url, env, platform = process.platform) {
    const [command, args] = openerFor(url, platform);
    return new Promise(resolve => {
        const child = (0,external_node_child_process_namespaceObject.spawn)(command, args, {
            env,
            stdio: 'ignore',
            detached: platform !== 'win32',
            windowsVerbatimArguments: platform === 'win32'
        });
        const timer = setTimeout(() => {
            child.unref();
            resolve(undefined);
        }, OPENER_GRACE_MS);
        timer.unref();
        child.once('error', error => {
            clearTimeout(timer);
            resolve(`${command} failed: ${error.message}`);
        });
        child.once('exit', code => {
            clearTimeout(timer);
            resolve(code === 0 ? undefined : `${command} exited with ${code}`);
        });
    });
}
function openerFor(url, platform) {
    if (platform === 'darwin')
        return ['open', [url]];
    if (platform === 'win32') {
        // Note: cmd reads `&` as a command separator even in a URL; `^` escapes it.
        return ['cmd', ['/c', 'start', '""', url.replace(/[&^]/g, '^$&')]];
    }
    return ['xdg-open', [url]];
}

;// CONCATENATED MODULE: ./src/cli/terminal.ts


/** The real process: its environment, streams and terminal. */
function processTerminal() {
    const stderr = streamOutput(process.stderr);
    return {
        env: process.env,
        stdout: streamOutput(process.stdout),
        stderr,
        readSecret: question => process.stdin.isTTY
            ? readHidden(question, process.stdin, stderr)
            : Promise.resolve(undefined),
        openBrowser: url => openBrowser(url, process.env)
    };
}
function streamOutput(stream) {
    // A reader that goes away early (`| head`) is not an error of ours.
    stream.on('error', () => undefined);
    return {
        write: data => void stream.write(data),
        isTTY: stream.isTTY === true,
        drained: () => stream.writableNeedDrain
            ? new Promise(resolve => stream.once('drain', () => resolve()))
            : Promise.resolve()
    };
}
const ENTER = /[\r\n]/;
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = /[\b\u007f]/;
/**
 * Reads one line from the terminal in raw mode, so nothing typed or pasted
 * is echoed. Ctrl-C cancels.
 */
function readHidden(question, input, output) {
    output.write(question);
    return new Promise((resolve, reject) => {
        let value = '';
        const finish = (answer) => {
            input.off('data', onData);
            input.setRawMode(false);
            input.pause();
            output.write('\n');
            if (answer === undefined)
                reject(new AuthorizeError('Cancelled.'));
            else
                resolve(answer);
        };
        const onData = (chunk) => {
            for (const char of chunk) {
                if (ENTER.test(char))
                    return finish(value);
                if (char === CTRL_C || (char === CTRL_D && !value)) {
                    return finish(undefined);
                }
                if (BACKSPACE.test(char))
                    value = value.slice(0, -1);
                else if (char >= ' ')
                    value += char;
            }
        };
        input.setEncoding('utf8');
        input.setRawMode(true);
        input.on('data', onData);
        input.resume();
    });
}

;// CONCATENATED MODULE: ./src/cli/index.ts
/**
 * The command-line tool's entry point, bundled as `dist/cli/index.js` and
 * run as `spotify-ads`. It only runs the command line and sets the exit code.
 */



runCli(process.argv.slice(2), processTerminal()).then(code => {
    process.exitCode = code;
}, (error) => {
    process.stderr.write(`spotify-ads: ${messageOf(error)}\n`);
    process.exitCode = 1;
});

