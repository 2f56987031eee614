SELECT
  COUNT(*) AS customers
FROM customers
WHERE
  customers.is_member
  AND NOT EXISTS(
    SELECT
      1
    FROM tickets
    WHERE
      tickets.customer_id = customers.customer_id
      AND tickets.is_complaint = TRUE
      AND (
        tickets.created_at >= CAST('2026-07-01' AS DATE)
        AND tickets.created_at < CAST('2026-11-23' AS DATE)
      )
  )
