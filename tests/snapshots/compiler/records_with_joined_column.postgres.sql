SELECT
  tickets.ticket_id AS ticket_id,
  tickets.created_at AS created_at,
  customers.tier AS tier
FROM tickets
LEFT JOIN customers
  ON tickets.customer_id = customers.customer_id
WHERE
  tickets.status = 'open'
ORDER BY
  ticket_id,
  created_at,
  tier
LIMIT 5
