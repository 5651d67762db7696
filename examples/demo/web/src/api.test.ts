import { fetchOrder } from "./api";

test("fetchOrder returns the body", async () => {
  global.fetch = jest.fn().mockResolvedValue({ ok: true, json: async () => ({ id: 1, totalCents: 5 }) });
  await expect(fetchOrder("http://x", 1)).resolves.toEqual({ id: 1, totalCents: 5 });
});

test("fetchOrder uses the retry budget", () => {
  const retries = jest.fn().mockReturnValue(3);
  expect(retries()).toBe(3);
});

test("fetchOrder survives a missing order", async () => {
  await fetchOrder("http://x", 2).catch(() => undefined);
});
