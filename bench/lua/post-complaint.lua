-- POST /v1/complaints: every request registers a new complaint, durably (synchronous=FULL).
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("REDRESS_ADMIN_KEY")
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"channel":"web","title":"Parcel late","description":"The parcel is a week late and tracking has not moved.","complainant":{"name":"Bench Client","email":"bench@example.com"},"subject":{"type":"order"}}]]
