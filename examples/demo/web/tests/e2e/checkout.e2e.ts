import { fetchOrder } from "../../src/api";

jest.mock("../../src/api");

test("checkout shows the order total", async () => {
  (fetchOrder as jest.Mock).mockResolvedValue({ id: 7, totalCents: 1200 });
  const order = await fetchOrder("http://localhost:8000", 7);
  expect(order.totalCents).toBe(1200);
});
