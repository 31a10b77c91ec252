// Octet microservices load scenario for k6: the same as microservices.lua (wrk), in one k6 run.
//
//   k6 run tests/load/microservices/microservices.k6.js \
//     -e GATEWAY=http://127.0.0.1:8080 -e DIRECT=http://127.0.0.1:8082 -e DURATION=20s -e VUS=32
//
// After an unmeasured warm-up of both sides (WARMUP, default 10s), three scenarios run one after the
// other: product browsing (list, search, get) directly against product-service, the same browsing
// through the gateway, then browsing plus orders (placed with a bearer token from registering and
// logging in during setup) through the gateway. The summary prints requests/s and p50/p99 for each,
// and the gateway's ratio to direct.

import http from 'k6/http';
import { check, fail } from 'k6';

const GATEWAY = (__ENV.GATEWAY || 'http://127.0.0.1:8080').replace(/\/$/, '');
const DIRECT = (__ENV.DIRECT || 'http://127.0.0.1:8082').replace(/\/$/, '');
const DURATION = __ENV.DURATION || '20s';
const WARMUP = __ENV.WARMUP || '10s';
const VUS = parseInt(__ENV.VUS || '32', 10);
const PRODUCTS = parseInt(__ENV.PRODUCTS || '30', 10);
const ORDER_SHARE = parseFloat(__ENV.ORDER_SHARE || '0.1');
const GAP = '5s';

const WORDS = ['lamp', 'chair', 'desk', 'shelf', 'rug', 'mug'];
const CATEGORIES = ['loadtest-home', 'loadtest-office', 'loadtest-kitchen'];
const SCENARIOS = ['direct_browse', 'gateway_browse', 'gateway_orders'];

function seconds(duration) {
  const match = /^(\d+)(ms|s|m)$/.exec(duration);
  if (!match) {
    throw new Error(`DURATION must look like 20s, 2m or 500ms, not ${duration}`);
  }
  const value = parseInt(match[1], 10);
  return match[2] === 'ms' ? value / 1000 : match[2] === 'm' ? value * 60 : value;
}

const RUN_SECONDS = seconds(DURATION);
const GAP_SECONDS = seconds(GAP);
const WARMUP_SECONDS = seconds(WARMUP);

function scenario(exec, index) {
  return {
    executor: 'constant-vus',
    exec,
    vus: VUS,
    duration: DURATION,
    startTime: `${WARMUP_SECONDS + GAP_SECONDS + index * (RUN_SECONDS + GAP_SECONDS)}s`,
    gracefulStop: '10s',
  };
}

export const options = {
  setupTimeout: '60s',
  scenarios: {
    warmup: { executor: 'constant-vus', exec: 'warmUp', vus: VUS, duration: WARMUP, gracefulStop: '5s' },
    direct_browse: scenario('directBrowse', 0),
    gateway_browse: scenario('gatewayBrowse', 1),
    gateway_orders: scenario('gatewayOrders', 2),
  },
  summaryTrendStats: ['avg', 'med', 'p(50)', 'p(99)', 'max'],
  // Thresholds that always hold, only so that k6 keeps a sub-metric per scenario for the summary.
  thresholds: Object.fromEntries(SCENARIOS.flatMap((name) => [
    [`http_req_duration{scenario:${name}}`, ['max>=0']],
    [`http_reqs{scenario:${name}}`, ['count>=0']],
    [`http_req_failed{scenario:${name}}`, ['rate>=0']],
  ])),
};

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function any(list) {
  return list[Math.floor(Math.random() * list.length)];
}

function expect2xx(response, what) {
  if (response.status < 200 || response.status > 299) {
    fail(`${what} answered ${response.status}: ${String(response.body).slice(0, 400)}`);
  }
  return response;
}

function catalogIds() {
  return CATEGORIES.flatMap((category) => expect2xx(
    http.get(`${GATEWAY}/api/products?category=${category}&size=100`), 'listing products',
  ).json('items').map((product) => product.id));
}

export function setup() {
  const email = `load-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
  const password = 'load-test-password';
  expect2xx(http.post(`${GATEWAY}/api/users`,
    JSON.stringify({ email, password, name: 'Load Tester' }), { headers: JSON_HEADERS }), 'registering');
  const token = expect2xx(http.post(`${GATEWAY}/api/users/login`,
    JSON.stringify({ email, password }), { headers: JSON_HEADERS }), 'logging in').json('accessToken');

  const auth = { headers: Object.assign({ Authorization: `Bearer ${token}` }, JSON_HEADERS) };
  for (let i = catalogIds().length; i < PRODUCTS; i++) {
    const word = WORDS[i % WORDS.length];
    expect2xx(http.post(`${GATEWAY}/api/products`, JSON.stringify({
      sku: `load-${i}-${Math.floor(Math.random() * 1e6)}`,
      name: `Load ${word} ${i}`,
      description: `A ${word} for load tests`,
      category: CATEGORIES[i % CATEGORIES.length],
      price: 19.9,
      stock: 1000000,
    }), auth), 'adding a product');
  }
  return { token, ids: catalogIds() };
}

function browse(base, productsPath, ids) {
  const roll = Math.random();
  let response;
  if (roll < 0.4) {
    response = http.get(`${base}${productsPath}?page=${Math.floor(Math.random() * 3)}&size=20`,
      { tags: { name: 'list' } });
  } else if (roll < 0.7) {
    response = http.get(`${base}${productsPath}?q=${any(WORDS)}&category=${any(CATEGORIES)}&size=10`,
      { tags: { name: 'search' } });
  } else {
    response = http.get(`${base}${productsPath}/${any(ids)}`, { tags: { name: 'get' } });
  }
  check(response, { 'browse 200': (r) => r.status === 200 });
}

export function directBrowse(data) {
  browse(DIRECT, '/products', data.ids);
}

export function gatewayBrowse(data) {
  browse(GATEWAY, '/api/products', data.ids);
}

export function gatewayOrders(data) {
  if (Math.random() >= ORDER_SHARE) {
    browse(GATEWAY, '/api/products', data.ids);
    return;
  }
  const response = http.post(`${GATEWAY}/api/orders`,
    JSON.stringify({ items: [{ productId: any(data.ids), quantity: 1 }] }),
    { headers: Object.assign({ Authorization: `Bearer ${data.token}` }, JSON_HEADERS), tags: { name: 'order' } });
  check(response, { 'order accepted': (r) => r.status === 201 || r.status === 202 });
}

// Both sides' JIT compilers get to work before anything is measured.
export function warmUp(data) {
  if (Math.random() < 0.5) {
    directBrowse(data);
  } else {
    gatewayOrders(data);
  }
}

export default function (data) {
  gatewayBrowse(data);
}

export function handleSummary(data) {
  const figures = {};
  for (const name of SCENARIOS) {
    const duration = data.metrics[`http_req_duration{scenario:${name}}`];
    const requests = data.metrics[`http_reqs{scenario:${name}}`];
    const failed = data.metrics[`http_req_failed{scenario:${name}}`];
    figures[name] = {
      rps: requests ? requests.values.count / RUN_SECONDS : 0,
      p50: duration ? duration.values['p(50)'] : NaN,
      p99: duration ? duration.values['p(99)'] : NaN,
      failed: failed ? failed.values.rate : NaN,
    };
  }
  const line = (name) => `${name.padEnd(22)} ${figures[name].rps.toFixed(1).padStart(12)} `
    + `${figures[name].p50.toFixed(2).padStart(10)} ${figures[name].p99.toFixed(2).padStart(10)} `
    + `${(figures[name].failed * 100).toFixed(2).padStart(8)}%`;
  const direct = figures.direct_browse;
  const gateway = figures.gateway_browse;
  const text = [
    '',
    `${'scenario'.padEnd(22)} ${'requests/s'.padStart(12)} ${'p50 ms'.padStart(10)} ${'p99 ms'.padStart(10)} ${'failed'.padStart(9)}`,
    ...SCENARIOS.map(line),
    '',
    `gateway / direct (browsing): throughput x${(gateway.rps / direct.rps).toFixed(2)}, `
      + `p50 x${(gateway.p50 / direct.p50).toFixed(2)}, p99 x${(gateway.p99 / direct.p99).toFixed(2)}`,
    `full scenario through the gateway (${Math.round(ORDER_SHARE * 100)}% orders): `
      + `${figures.gateway_orders.rps.toFixed(1)} requests/s`,
    '',
  ].join('\n');
  return { stdout: text };
}
