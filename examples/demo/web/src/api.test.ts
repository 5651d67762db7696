import { fetchOrder } from "./api";

test("fetchOrder returns the body", async () => {
  global.fetch = jest.fn().mockResolvedValue({ ok: true, json: async () => ({ id: 1, totalCents: 5 }) });
  await expect(fetchOrder("http://x", 1)).resolves.toEqual({ id: 1, totalCents: 5 });
});
