SELECT
  COUNT(*) AS tickets
FROM tickets
LEFT JOIN customers
  ON tickets.customer_id = customers.customer_id
WHERE
  tickets.priority <> 'low'
  AND LOCATE(LOWER('100%_off'), LOWER(tickets.subject)) > 0
  AND NOT tickets.first_response_at IS NULL
  AND (
    tickets.created_at >= CAST('2026-01-01' AS DATE)
    AND tickets.created_at < CAST('2026-04-01' AS DATE)
  )
  AND NOT customers.tier IN ('D')
  AND customers.signup_date >= CAST('2025-01-01' AS DATE)
  AND tickets.is_complaint = TRUE
