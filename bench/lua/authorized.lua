-- The request wrk was given on its command line, with the bench's admin key.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("REDRESS_ADMIN_KEY")
