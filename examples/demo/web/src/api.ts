export interface Order {
  id: number;
  totalCents: number;
}

export async function fetchOrder(baseUrl: string, id: number): Promise<Order> {
  const res = await fetch(`${baseUrl}/orders/${id}`);
  if (!res.ok) {
    throw new Error(`order ${id}: HTTP ${res.status}`);
  }
  return (await res.json()) as Order;
}
