SELECT
  customers.customer_id AS customer_id,
  customers.tier AS tier
FROM customers
WHERE
  customers.tier = 'A'
  AND NOT EXISTS(
    SELECT
      1
    FROM tickets
    WHERE
      tickets.customer_id = customers.customer_id
      AND (
        tickets.created_at >= CAST('2026-08-25' AS DATE)
        AND tickets.created_at < CAST('2026-11-23' AS DATE)
      )
  )
ORDER BY
  customer_id ASC,
  tier
LIMIT 10
