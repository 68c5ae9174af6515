// For a CLI the tests run in a child process (`--import` through NODE_OPTIONS): every /v1 response its
// fetch receives is checked against docs/openapi.json, as the tests' own clients check theirs. The
// checker is loaded on the first such response, by then under the CLI's tsx loader.
const fetchOf = globalThis.fetch;

globalThis.fetch = async (input, init = {}) => {
  const res = await fetchOf(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!url.pathname.startsWith('/v1/')) return res;
  const { checkResponse } = await import('./openapi-contract.ts');
  checkResponse({
    method: (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(),
    path: `${url.pathname}${url.search}`,
    status: res.status,
    contentType: res.headers.get('content-type') ?? undefined,
    body: await res.clone().text(),
  });
  return res;
};
