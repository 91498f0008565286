// Request bodies of the calls that move money, and the time they start from, shared by the tests of
// the rules checked before sending: through the client (test/unit/money-guards.test.ts) and as pure
// rules (test/unit/money-guard-rules.test.ts, test/unit/input-rules.test.ts).

/** 2026-01-01T00:00:00Z in Unix seconds: the fake's default start, and "now" in the rule tests. */
export const T0 = Date.UTC(2026, 0, 1) / 1000;
export const HOUR = 3600;
/** An auto reserved `nodes.create` of one node at up to $10 a node-hour. */
export const create = { desired_count: 1, max_price_per_node_hour: 1000, zone: 'hayesvalley' };
/** A `procurements.create` for 4 nodes over a 90-minute window at up to $2.50 a node-hour. */
export const procurement = {
  capacity: 'cap_k3R-nX9vLm7Qp2Yw5Jd8F',
  target: 4,
  min_sell_price_dollars_per_node_hour: '1.000000',
  max_buy_price_dollars_per_node_hour: '2.500000',
  managed_window_minutes: 90,
};
