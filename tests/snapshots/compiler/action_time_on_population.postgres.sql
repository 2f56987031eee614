SELECT
  COUNT(*) AS customers
FROM customers
WHERE
  customers.status = 'churned'
  AND EXISTS(
    SELECT
      1
    FROM tickets
    WHERE
      tickets.customer_id = customers.customer_id
      AND (
        tickets.created_at >= CAST('2026-08-23' AS DATE)
        AND tickets.created_at < CAST('2026-11-23' AS DATE)
      )
  )
