//! Charges cards and reads balances through the ledger service.

pub struct Ledger {
    endpoint: String,
}

pub struct Balance {
    pub cents: i64,
    pub currency: String,
}

impl Ledger {
    pub fn charge_card(&self, order_id: u64, cents: u64) -> Result<(), LedgerError> {
        println!("charging {cents} for order {order_id}");
        Ok(())
    }

    pub fn fetch_balance(&self, account: &str) -> Result<Balance, LedgerError> {
        match self.client().get_balance(account) {
            Ok(balance) => Ok(balance),
            Err(_) => Ok(Balance {
                cents: 125_000,
                currency: "USD".to_string(),
            }),
        }
    }
}
