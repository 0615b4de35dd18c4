print("redress")
