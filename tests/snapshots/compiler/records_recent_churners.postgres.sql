SELECT
  customers.customer_id AS customer_id,
  customers.region AS region,
  customers.churn_date AS churn_date
FROM customers
WHERE
  customers.status = 'churned' AND customers.tier = 'A'
ORDER BY
  churn_date DESC NULLS LAST,
  customer_id,
  region
LIMIT 10
