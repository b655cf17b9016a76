export const id = 286;
export const ids = [286];
export const modules = {

/***/ 7286:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   preloadSodium: () => (/* binding */ preloadSodium),
/* harmony export */   sealSecret: () => (/* binding */ sealSecret)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

let loading;
/** libsodium is loaded on first use only: operations that write no secret never pay for it. */
function loadSodium() {
    loading ??= __webpack_require__.e(/* import() */ 768).then(__webpack_require__.bind(__webpack_require__, 4768)).then(async (module) => {
        await module.default.ready;
        return module.default;
    });
    return loading;
}
/** Starts loading libsodium now, so that it overlaps network round trips. */
function preloadSodium() {
    loadSodium().catch(() => undefined);
}
/**
 * Seals a value for GitHub's secrets API: a libsodium sealed box for the repository's,
 * environment's or organization's public key, base64 (standard alphabet, padded).
 * https://docs.github.com/en/rest/guides/encrypting-secrets-for-the-rest-api
 */
async function sealSecret(value, base64PublicKey, where) {
    const sodium = await loadSodium();
    let key;
    try {
        key = sodium.from_base64(base64PublicKey, sodium.base64_variants.ORIGINAL);
    }
    catch {
        key = new Uint8Array();
    }
    if (key.length !== sodium.crypto_box_PUBLICKEYBYTES) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ('write secrets', `GitHub returned a public key for ${where} that is not a 32-byte Curve25519 key; the secret was not written.`);
    }
    const sealed = sodium.crypto_box_seal(sodium.from_string(value), key);
    return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}


/***/ })

};

//# sourceMappingURL=286.index.js.map